"""Public post plugins (issue 11): a postal service interface and its registry (`base`), the
VNPost-style HTTP JSON service with HMAC-signed requests and status callbacks (`vnpost`), UPU S10
item numbers (`s10`), and the simulator at /mo-phong/buu-chinh/. The dossier side is
`motcua.dossiers.postal`."""
