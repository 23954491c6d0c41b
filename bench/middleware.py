"""See bench/settings.py: the benchmark server's only difference from production."""


class ConcreteUser:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if hasattr(user, "_wrapped"):
            user.is_authenticated  # noqa: B018 (evaluates the lazy object, as any first access does)
            request.user = user._wrapped
        return self.get_response(request)


def with_concrete_user(middleware: list[str]) -> list[str]:
    """`middleware` with ConcreteUser right after Django's AuthenticationMiddleware."""
    at = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    return [*middleware[:at], "bench.middleware.ConcreteUser", *middleware[at:]]
