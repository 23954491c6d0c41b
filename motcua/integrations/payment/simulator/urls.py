from django.urls import path

from . import views

urlpatterns = [
    path("paymentv2/vpcpay.html", views.pay, name="payment-pay"),
    path("api/giao-dich/", views.transactions, name="payment-transactions"),
    path("dieu-khien/", views.control, name="payment-control"),
    path("", views.cards, name="payment-cards"),
]
