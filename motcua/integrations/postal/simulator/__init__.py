"""The postal simulator, mounted at /mo-phong/buu-chinh/ in the demo and the tests."""
