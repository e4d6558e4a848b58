"""Pickle the configuration as ``conf.py`` set it, so an unchanged project rebuilds quietly.

Extensions and the theme add to HTML options while the builder starts (static paths, CSS
files, theme defaults), after Sphinx has compared the new configuration with the pickled
one. Pickling those run-time values made every rebuild report "The configuration has
changed" although ``conf.py`` had not. The environment is pickled with the values as
configured; the running build keeps the run-time values.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

_configured: WeakKeyDictionary[Config, dict[str, Any]] = WeakKeyDictionary()


def remember(app: Sphinx, config: Config) -> None:
    """``config-inited``: note the HTML options as ``conf.py`` set them."""
    values = {}
    for option in config.filter(frozenset({"html"})):
        try:
            values[option.name] = copy.deepcopy(option.value)
        except Exception:  # a value that cannot be copied is not compared
            continue
    _configured[config] = values


def pickle_as_configured(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: give the environment a configuration with the configured values."""
    configured = _configured.get(app.config, {})
    changed = {name: value for name, value in configured.items()
               if app.config[name] != value}
    if not changed:
        return
    as_configured = copy.copy(app.config)
    for name, value in changed.items():
        setattr(as_configured, name, value)
    env.config = as_configured


def setup(app: Sphinx) -> None:
    """Connect the two handlers."""
    # After every other handler: Sphinx itself normalizes some HTML options there.
    app.connect("config-inited", remember, priority=999)
    app.connect("env-updated", pickle_as_configured)
