from django.urls import path

from . import views

urlpatterns = [
    path("thanh-toan/", views.payment_list, name="payments"),
    path("thanh-toan/ket-qua/", views.payment_return, name="payment-return"),
    path("thanh-toan/ipn/", views.payment_ipn, name="payment-ipn"),
    path("thanh-toan/<str:code>/", views.pay, name="payment"),
    path("thanh-toan/<str:code>/bien-lai/<str:reference>.pdf", views.receipt, name="payment-receipt"),
    path("buu-chinh/trang-thai/", views.postal_callback, name="postal-callback"),
]
