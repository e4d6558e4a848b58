"""Link checking against a local server; the test writes index.rst with the server's port."""

project = "linkcheck"
exclude_patterns = ["_build"]

# The project's settings (docs/conf.py), scaled down to a test that takes seconds.
linkcheck_timeout = 1
linkcheck_retries = 1
linkcheck_rate_limit_timeout = 2.0
linkcheck_workers = 4
linkcheck_report_timeouts_as_broken = False
linkcheck_ignore = [r"http://127\.0\.0\.1:\d+/ignored/"]
