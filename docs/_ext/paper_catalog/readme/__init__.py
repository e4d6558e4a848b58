"""The awesome-list README: parse it, render it from the catalog, import it."""
