"""The VNPay-style gateway simulator, mounted at /mo-phong/thanh-toan/ in the demo and the tests."""
