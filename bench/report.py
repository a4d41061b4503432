"""Turn a run's measurements into ratios against the constant view, target checks and a Markdown table."""

import os
import platform
import subprocess
from pathlib import Path

CONSTANT, CONSTANT_AGAIN = "constant view", "constant view, again at the end"
DETAIL, LIST_FIRST, LIST_DEEP = "article page (rotating)", "article list, page 1", "article list, last page"
SEARCH, API = "search (rotating terms)", "API list of 20 articles"
# The API's answer is many times an article page's size: it is also compared with a constant view of its own size,
# the reference the issue names ("a constant Django view of the same size"); both ratios are reported.
CONSTANT_API_SIZE = "constant view, API answer's size"
SAME_SIZE_REFERENCE = {API: CONSTANT_API_SIZE}

# (endpoint, phase, what is compared, threshold): the figures issue 7 asks for.
TARGETS = [
    (DETAIL, "uncached", "ratio", 0.08),
    (LIST_FIRST, "uncached", "ratio", 0.04),
    (LIST_DEEP, "uncached", "ratio", 0.04),
    (API, "uncached", "ratio_same_size", 0.03),
    *[
        (name, "cached", "ratio", 0.80)
        for name in ("home", LIST_FIRST, LIST_DEEP, DETAIL, "condition page (rotating)", SEARCH)
    ],
    (API, "cached", "ratio_same_size", 0.80),
    (SEARCH, "single client", "p95_ms", 100),
    (API, "single client", "p95_ms", 50),
]


def with_ratios(rows):
    """Add each measured row's throughput as a share of the constant view's in the same phase.

    The constant view is measured at the start and at the end of each phase; the mean of the two is
    the reference, so a change in the shared machine's load during a phase shows and is averaged. An
    endpoint in SAME_SIZE_REFERENCE also gets `ratio_same_size`, against the constant view of its size.
    """
    constant, same_size = {}, {}
    for row in rows:
        if row["endpoint"] in (CONSTANT, CONSTANT_AGAIN) and "requests" in row:
            constant.setdefault(row["phase"], []).append(row["requests_per_second"])
        elif row["endpoint"] in SAME_SIZE_REFERENCE.values() and "requests" in row:
            same_size[row["endpoint"], row["phase"]] = row["requests_per_second"]
    for row in rows:
        if "requests" in row and row["phase"] in constant:
            reference = sum(constant[row["phase"]]) / len(constant[row["phase"]])
            row["ratio"] = round(row["requests_per_second"] / reference, 4)
        if "requests" in row and (reference := same_size.get((SAME_SIZE_REFERENCE.get(row["endpoint"]), row["phase"]))):
            row["ratio_same_size"] = round(row["requests_per_second"] / reference, 4)
    return rows


def check_targets(rows):
    found = {(r["endpoint"], r["phase"]): r for r in rows}
    checks = []
    for endpoint, phase, metric, threshold in TARGETS:
        row = found.get((endpoint, phase), {})
        value = row.get(metric)
        if value is None:
            checks.append({"endpoint": endpoint, "phase": phase, "metric": metric, "target": threshold,
                           "value": None, "verdict": row.get("reason", "not measured")})  # fmt: skip
            continue
        met = value >= threshold if metric.startswith("ratio") else value < threshold
        if row.get("errors"):
            met = False
        checks.append({"endpoint": endpoint, "phase": phase, "metric": metric, "target": threshold,
                       "value": value, "verdict": "met" if met else "missed"})  # fmt: skip
    return checks


def machine():
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False).stdout.split("\n")[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "load_average_at_start": [round(n, 1) for n in os.getloadavg()],
        "python": platform.python_version(),
        "wrk": wrk.strip(),
    }


def _cell(row, key, scale=1, digits=1):
    value = row.get(key)
    return "" if value is None else f"{value * scale:,.{digits}f}"


def markdown(result):
    load = result["machine"]
    lines = [
        f"Library: {result['library']}; {result['workers']} gunicorn workers; wrk {result['connections']} "
        f"connections for {result['seconds']} s per row; single client: 1 connection; cached phase: "
        f"{result['cache_when_cached']}. Load average (1, 5, 15 min) at start {load['load_average_at_start']}, "
        f"at end {load['load_average_at_end']}.",
        "",
        "| Endpoint | Phase | req/s | p50 ms | p95 ms | p99 ms | vs constant | vs constant of its size | Errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        if "requests" not in row:
            lines.append(f"| {row['endpoint']} | {row['phase']} | {row['reason']} | | | | | | |")
            continue
        ratio = f"{row['ratio']:.1%}" if "ratio" in row else ""
        same_size = f"{row['ratio_same_size']:.1%}" if "ratio_same_size" in row else ""
        endpoint = f"{row['endpoint']} ({row['note']})" if "note" in row else row["endpoint"]
        lines.append(
            f"| {endpoint} | {row['phase']} | {_cell(row, 'requests_per_second')} | {_cell(row, 'p50_ms')} "
            f"| {_cell(row, 'p95_ms')} | {_cell(row, 'p99_ms')} | {ratio} | {same_size} | {row['errors']} |"
        )
    lines += ["", "| Target | Phase | Needed | Got | Verdict |", "|---|---|---:|---:|---|"]
    for check in result["targets"]:
        ratio = check["metric"].startswith("ratio")
        needed = f"≥ {check['target']:.0%}" if ratio else f"p95 < {check['target']} ms"
        if check["metric"] == "ratio_same_size":
            needed += " of the same-size constant"
        got = "" if check["value"] is None else (f"{check['value']:.1%}" if ratio else f"{check['value']:.1f} ms")
        lines.append(f"| {check['endpoint']} | {check['phase']} | {needed} | {got} | {check['verdict']} |")
    return "\n".join(lines) + "\n"
