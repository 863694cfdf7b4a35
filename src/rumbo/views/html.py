"""Small HTML pieces every view and widget shares: messages, tables, blocks, downloads.

Everything a learner typed or a file held is escaped here; nothing in these
pieces runs a script.
"""

from __future__ import annotations

import base64
import html


_STYLES = {
    "ok": ("#1b7837", "✔", "status"),
    "info": ("#2c5d8f", "ℹ", "status"),
    "warning": ("#8a5a00", "⚠", "status"),
    "error": ("#b2182b", "✖", "alert"),
}



def message_html(kind: str, text: str) -> str:
    """A one-line message as HTML; errors use role=alert so screen readers announce them."""
    colour, icon, role = _STYLES[kind]
    return (f'<div role="{role}" class="rumbo-msg rumbo-msg-{kind}" '
            f'style="color:{colour};padding:4px 0">{icon} {html.escape(text)}</div>')



def messages_html(kind: str, texts: list[str]) -> str:
    return "".join(message_html(kind, t) for t in texts)



def html_table(rows: list[tuple[str, str]], caption: str = "") -> str:
    """Label/value rows as an accessible HTML table (values already formatted)."""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    body = "".join(f"<tr><th scope='row' style='text-align:left;padding-right:1em'>"
                   f"{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    return f"<table class='rumbo-table'>{cap}{body}</table>"



def grid_table(header: list[str], rows: list[list[str]], caption: str = "", *,
               row_headers: bool = False) -> str:
    """Rows under column headers as an accessible HTML table (cells already formatted).

    With ``row_headers`` the first cell of each row is a row header (``<th scope=row>``).
    """
    cap = (f"<caption style='text-align:left;font-weight:bold'>{html.escape(caption)}</caption>"
           if caption else "")
    head = "".join(f"<th scope='col' style='text-align:left;padding:2px 8px'>{html.escape(h)}</th>"
                   for h in header)

    def cells(row: list[str]) -> str:
        first = (f"<th scope='row' style='text-align:left;padding:2px 8px'>{html.escape(row[0])}</th>"
                 if row_headers else "")
        rest = row[1:] if row_headers else row
        return first + "".join(f"<td style='padding:2px 8px;vertical-align:top'>{html.escape(c)}</td>"
                               for c in rest)

    body = "".join(f"<tr>{cells(row)}</tr>" for row in rows)
    return f"<table class='rumbo-table'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class HtmlBlock(str):
    """A string that a notebook shows as HTML (and as plain text elsewhere)."""

    def _repr_html_(self) -> str:
        return str(self)


def download_link(content: bytes, filename: str, mime: str, label: str) -> str:
    """An HTML link that downloads ``content`` as ``filename`` (a ``data:`` URI, works offline)."""
    payload = base64.b64encode(content).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:{mime};base64,{payload}" '
            f'class="rumbo-download" style="margin-right:1em">⬇ {html.escape(label)}</a>')
