from django.http import HttpResponse


def desks(request):  # placeholder until the directory page lands
    return HttpResponse("")
