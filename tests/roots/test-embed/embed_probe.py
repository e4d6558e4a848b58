"""The project's own extension: two options whose values cannot be pickled, read while
pages are written, as a project's post-transforms and handlers read them."""


def setup(app):
    app.add_config_value("probe_hook", None, "")
    app.add_config_value("probe_table", None, "")
    app.connect("doctree-resolved", record)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def record(app, doctree, docname):
    config = app.env.config
    app.probe_seen = getattr(app, "probe_seen", [])
    app.probe_seen.append((config is app.config, config.probe_hook, config.probe_table))
