"""Charts shared by several modules.

Figures are built with ``matplotlib.figure.Figure`` (not pyplot), so returning
one from a cell shows it exactly once and nothing leaks between cells.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from rumbo.data import business_info, load_dataset
from rumbo.core.i18n import translator
from rumbo.core.units import NETWORK_LABELS

_, N_, ngettext = translator("course")


def followers_chart(business: str) -> Figure:
    """Followers per network over the bundled year, one line per network."""
    table = load_dataset(business, "followers")
    fig = Figure(figsize=(7.5, 3.2), dpi=80)
    ax = fig.subplots()
    for network, rows in table.groupby("network", sort=True):
        ax.plot(rows["date"], rows["followers"], label=NETWORK_LABELS.get(network, network))
    ax.set_title(_("Seguidores de {name} en 2025").format(name=business_info(business)["name"]))
    ax.set_xlabel(_("Fecha"))
    ax.set_ylabel(_("Seguidores (personas)"))
    ax.legend(frameon=False)
    ax.set_ylim(bottom=0)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
