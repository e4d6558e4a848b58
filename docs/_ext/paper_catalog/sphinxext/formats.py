"""Pages for builders other than HTML: the PDF (LaTeX) and the EPUB.

The chart is an SVG ``data:`` URI: a builder that takes no SVG (LaTeX) gets its caption
and the numbers table that follows it instead. In LaTeX, catalog tables are long tables
(they break across pages) with the column widths of ``columns.COLUMNS``, and links to a
paper's row land on it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

SVG = "image/svg+xml"


class ChartWithoutSvg(SphinxPostTransform):
    """Replace the chart by its caption where the builder cannot show an SVG."""

    default_priority = 200

    def is_supported(self) -> bool:
        return SVG not in self.env._builder_cls.supported_image_types

    def run(self, **kwargs: Any) -> None:
        for figure in list(self.document.findall(nodes.figure)):
            if not any("catalog-chart" in image["classes"]
                       for image in figure.findall(nodes.image)):
                continue
            caption = next(figure.findall(nodes.caption), None)
            text = caption.astext() if caption else ""
            figure.replace_self(nodes.paragraph(text, text, classes=["catalog-chart-note"]))


class ChartWithoutStylesheet(SphinxPostTransform):
    """The EPUB ships no catalog stylesheet to pick one of the chart's two layouts: it
    keeps the wide one."""

    builders = ("epub",)
    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        for image in list(self.document.findall(nodes.image)):
            if "catalog-chart-phone" in image["classes"]:
                image.parent.remove(image)


class LatexTables(SphinxPostTransform):
    """Catalog tables in LaTeX: ``longtable`` with the widths of their column specs, venues
    by their short names, and rows that links land on (LaTeX writes no label for a row's
    id: a target in its first cell carries it)."""

    formats = ("latex",)
    default_priority = 900  # after any transform that builds the tables

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            if "catalog-table" not in table["classes"]:
                continue
            table["classes"] += ["longtable", "colwidths-given"]
            for abbreviation in table.findall(nodes.abbreviation):
                # LaTeX spells the venue's name out after its first use: too long for
                # the column (the by-venue chapter names each venue)
                abbreviation.attributes.pop("explanation", None)
            for row in table.findall(nodes.row):
                first = next(row.findall(nodes.paragraph), None)
                if row["ids"] and first is not None:
                    first.insert(0, nodes.target("", "", ids=row["ids"]))
                    row["ids"] = []
