from django.http import HttpResponse


def search(request):  # placeholder until the catalogue pages land
    return HttpResponse("")
