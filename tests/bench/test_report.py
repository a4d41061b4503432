"""The benchmark's report: ratios against the constant views and the verdicts on issue 7's targets."""

from bench import report


def row(endpoint, phase, requests_per_second):
    return {"endpoint": endpoint, "phase": phase, "requests": 1, "requests_per_second": requests_per_second,
            "errors": 0}  # fmt: skip


def test_the_api_is_compared_with_the_constant_view_of_its_own_size_as_well():
    rows = report.with_ratios([
        row(report.CONSTANT, "cached", 3000), row(report.CONSTANT_API_SIZE, "cached", 2000),
        row(report.API, "cached", 1700), row(report.DETAIL, "cached", 2500), row(report.CONSTANT_AGAIN, "cached", 2000),
    ])  # fmt: skip
    api, detail = rows[2], rows[3]

    assert api["ratio"] == 0.68 and api["ratio_same_size"] == 0.85  # 1,700 against the mean 2,500, and 2,000
    assert detail["ratio"] == 1.0 and "ratio_same_size" not in detail
    verdicts = {(c["endpoint"], c["phase"]): c for c in report.check_targets(rows)}
    assert verdicts[report.API, "cached"]["metric"] == "ratio_same_size"
    assert verdicts[report.API, "cached"]["verdict"] == "met"
    assert verdicts[report.DETAIL, "cached"]["verdict"] == "met"


def test_without_the_same_size_constant_the_api_target_is_not_measured_rather_than_judged_on_another_reference():
    rows = report.with_ratios([row(report.CONSTANT, "uncached", 3000), row(report.API, "uncached", 30)])

    verdict = next(c for c in report.check_targets(rows) if (c["endpoint"], c["phase"]) == (report.API, "uncached"))
    assert rows[1]["ratio"] == 0.01 and verdict["value"] is None and verdict["verdict"] == "not measured"


def test_the_markdown_shows_both_ratios():
    rows = report.with_ratios([row(report.CONSTANT, "cached", 3000), row(report.CONSTANT_API_SIZE, "cached", 2000),
                               row(report.API, "cached", 1500)])  # fmt: skip
    result = {"library": "demo", "workers": 2, "connections": 4, "seconds": 10, "cache_when_cached": "Redis",
              "machine": {"load_average_at_start": [1], "load_average_at_end": [1]}, "rows": rows,
              "targets": report.check_targets(rows)}  # fmt: skip

    text = report.markdown(result)

    assert "| API list of 20 articles | cached | 1,500.0 |" in text and "| 50.0% | 75.0% | 0 |" in text
    assert "≥ 80% of the same-size constant | 75.0% | missed |" in text
