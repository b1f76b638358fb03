"""qualift spc FILE.csv --chart CHART --value COL [...]: a control chart from a CSV file, like qcc.

--json prints exactly ``analyze(...).to_dict()``; otherwise rich tables. Exit 2 on a bad file,
column or option (with a message naming it)."""

from __future__ import annotations

import csv
import json
import math

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.markup import escape
from rich.table import Table

from qualift.enterprises.management import console_for
from qualift.process.spc import CHARTS, analyze
from qualift.process.spc.constants import MODES

TRUE = {"true", "t", "yes", "y", "1"}
FALSE = {"false", "f", "no", "n", "0"}


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _read_csv(path: str) -> tuple[list[str], list[list[str]]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise _fail(_("File %(path)s does not exist.") % {"path": path}) from None
    except IsADirectoryError:
        raise _fail(_("%(path)s is a directory, not a CSV file.") % {"path": path}) from None
    except UnicodeDecodeError:
        raise _fail(_("%(path)s is not a UTF-8 text (CSV) file.") % {"path": path}) from None
    except (OSError, csv.Error) as exc:
        raise _fail(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise _fail(_("%(path)s is empty.") % {"path": path})
    header = [h.strip() for h in rows[0]]
    if len(rows) < 2:
        raise _fail(_("%(path)s has a header but no data rows.") % {"path": path})
    return header, rows[1:]


class Command(BaseCommand):
    help = (
        "Control chart and capability from a CSV file (Montgomery / qcc conventions): "
        "xbar-r, xbar-s, imr, p, np, c, u, ewma, cusum; --json prints the analysis as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file with a header row")
        parser.add_argument("--chart", required=True, help=" | ".join(CHARTS))
        parser.add_argument("--value", required=True, help="column of values (counts for p/np/c/u)")
        parser.add_argument("--subgroup", help="column naming each value's subgroup (X̄ charts)")
        parser.add_argument("--size", help="column of sample sizes (p, np, u)")
        phase = parser.add_mutually_exclusive_group()
        phase.add_argument("--phase1-col", help="TRUE/FALSE column: TRUE rows are phase I")
        phase.add_argument("--phase1", type=int, help="the first N plotted points are phase I")
        parser.add_argument("--rules", default="we", help="we | nelson | we:1,4 | nelson:2,5")
        parser.add_argument("--center", type=float, help="known centre (fixes the centre line)")
        parser.add_argument("--sigma", type=float, help="known process sigma")
        parser.add_argument("--lsl", type=float, help="lower specification limit")
        parser.add_argument("--usl", type=float, help="upper specification limit")
        parser.add_argument("--target", type=float, help="target (default: spec midpoint)")
        parser.add_argument("--constants", default="exact", help=" | ".join(MODES))
        parser.add_argument(
            "--exclude-flagged",
            action="store_true",
            help="drop phase I points beyond the limits and re-estimate until stable",
        )
        parser.add_argument("--lambda", dest="lambda_", type=float, help="EWMA λ (default 0.2)")
        parser.add_argument("--L", dest="L", type=float, help="EWMA limit width (default 3)")
        parser.add_argument("--k", dest="k", type=float, help="CUSUM k in σ (default 0.5)")
        parser.add_argument("--h", dest="h", type=float, help="CUSUM h in σ (default 4)")
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument("--plot", help="write the chart to FILE.svg (or .png with matplotlib)")

    def handle(self, *args, file: str, **options):
        if options["center"] is not None and not math.isfinite(options["center"]):
            raise _fail(_("--center must be a finite number."))
        header, rows = _read_csv(file)

        def column(name: str) -> list[str]:
            if name not in header:
                raise _fail(
                    _("Column %(col)r is not in %(path)s; its columns are: %(cols)s")
                    % {"col": name, "path": file, "cols": ", ".join(header)}
                )
            i = header.index(name)
            return [(r[i].strip() if i < len(r) else "") for r in rows]

        def numbers(name: str) -> np.ndarray:
            out = np.empty(len(rows))
            for line, text in enumerate(column(name), start=2):
                try:
                    out[line - 2] = float(text)
                except ValueError:
                    out[line - 2] = math.nan
                if not math.isfinite(out[line - 2]):
                    raise _fail(
                        _("Row %(row)d, column %(col)r: %(text)r is not a number.")
                        % {"row": line, "col": name, "text": text}
                    )
            return out

        def booleans(name: str) -> np.ndarray:
            out = np.empty(len(rows), dtype=bool)
            for line, text in enumerate(column(name), start=2):
                low = text.lower()
                if low not in TRUE | FALSE:
                    raise _fail(
                        _("Row %(row)d, column %(col)r: %(text)r is not TRUE or FALSE.")
                        % {"row": line, "col": name, "text": text}
                    )
                out[line - 2] = low in TRUE
            return out

        chart = options["chart"]
        if chart not in CHARTS:
            raise _fail(
                _("Unknown chart %(chart)r; choose one of %(charts)s.")
                % {"chart": chart, "charts": ", ".join(CHARTS)}
            )
        if options["constants"] not in MODES:
            raise _fail(_("--constants must be one of %(modes)s.") % {"modes": ", ".join(MODES)})
        values = numbers(options["value"])
        subgroups = np.array(column(options["subgroup"])) if options["subgroup"] else None
        sizes = numbers(options["size"]) if options["size"] else None
        if options["phase1_col"]:
            phase1 = booleans(options["phase1_col"])
        else:
            phase1 = options["phase1"]
        chart_options = {}
        for key in ("lambda_", "L", "k", "h"):
            if options.get(key) is not None:
                chart_options[key] = options[key]
        if options["exclude_flagged"]:
            chart_options["exclude_flagged"] = True
        try:
            result = analyze(
                values,
                chart=chart,
                subgroups=subgroups,
                sizes=sizes,
                phase1=phase1,
                rules=options["rules"],
                center=options["center"],
                sigma=options["sigma"],
                lsl=options["lsl"],
                usl=options["usl"],
                target=options["target"],
                constants=options["constants"],
                **chart_options,
            )
        except ValueError as exc:
            raise _fail(str(exc)) from None
        if options["plot"]:
            from qualift.process.spc.plot import write_plot

            try:
                write_plot(result, options["plot"])
            except (RuntimeError, OSError) as exc:
                raise _fail(str(exc)) from None
        data = result.to_dict()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self._print(data, result)

    def _print(self, data: dict, result) -> None:
        console = console_for(self.stdout)

        def fmt(value) -> str:
            if value is None:
                return "—"
            if isinstance(value, list):
                finite = [v for v in value if v is not None]
                if not finite:
                    return "—"
                return _("varies %(lo)s … %(hi)s") % {
                    "lo": f"{min(finite):.6g}",
                    "hi": f"{max(finite):.6g}",
                }
            if isinstance(value, float):
                return f"{value:.6g}"
            return str(value)

        table = Table(title=_("%(chart)s chart") % {"chart": data["chart"]})
        table.add_column(_("quantity"))
        table.add_column(_("value"), justify="right")
        table.add_row(_("points"), str(data["n_points"]))
        table.add_row(_("phase I points"), str(int(result.phase1.sum())))
        table.add_row(_("centre"), fmt(data["center"]))
        table.add_row(_("sigma"), fmt(data["sigma"]))
        table.add_row(_("LCL"), fmt(data["lcl"]))
        table.add_row(_("UCL"), fmt(data["ucl"]))
        sec = data.get("secondary")
        if sec:
            table.add_row(_("%(c)s centre") % {"c": sec["chart"]}, fmt(sec["center"]))
            table.add_row(_("%(c)s LCL") % {"c": sec["chart"]}, fmt(sec["lcl"]))
            table.add_row(_("%(c)s UCL") % {"c": sec["chart"]}, fmt(sec["ucl"]))
        console.print(table)
        cap = data.get("capability")
        if cap:
            ct = Table(title=_("capability"))
            ct.add_column(_("index"))
            ct.add_column(_("value"), justify="right")
            ct.add_column(_("95% CI"), justify="right")
            for key in ("cp", "cp_l", "cp_u", "cpk", "pp", "ppk", "cpm"):
                ci = cap.get(f"{key}_ci")
                ci_text = f"{ci[0]:.3f} … {ci[1]:.3f}" if ci else "—"
                value = cap[key]
                ct.add_row(
                    key.replace("_", " ").title(), "—" if value is None else f"{value:.3f}", ci_text
                )
            for key in (
                "expected_pct_below",
                "expected_pct_above",
                "observed_pct_below",
                "observed_pct_above",
            ):
                value = cap[key]
                ct.add_row(key.replace("_", " "), "—" if value is None else f"{value:.4g} %", "")
            norm = cap["normality"]
            if norm["p_value"] is not None:
                ct.add_row(
                    _("normality (Anderson-Darling)"),
                    f"A² = {norm['statistic']:.3f}",
                    f"p = {norm['p_value']:.3g}",
                )
            console.print(ct)
        family = result.rules[0]
        from qualift.process.spc.rules import RULE_TEXT

        violations = [(v, data["chart"]) for v in data["violations"]]
        if sec:
            violations += [(v, sec["chart"]) for v in sec["violations"]]
        if not violations:
            console.print(_("No rule violations."))
            return
        vt = Table(title=_("rule violations"))
        vt.add_column(_("point"), justify="right")
        vt.add_column(_("chart"))
        vt.add_column(_("rule"), justify="right")
        vt.add_column(_("meaning"))
        for v, chart in violations:
            primary_rules = chart == data["chart"] and chart not in ("ewma", "cusum")
            text = RULE_TEXT[family].get(v["rule"], "") if primary_rules else _("beyond the limits")
            vt.add_row(str(v["index"]), escape(chart), str(v["rule"]), escape(text))
        console.print(vt)
