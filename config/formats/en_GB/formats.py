"""One way of writing dates across the admin (issue 15): "6 Dec 2026" and "6 Dec 2026, 14:05 UTC", the time
zone always beside a time; dates are typed as YYYY-MM-DD in the browser's date picker (evidence.admin.base)."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
# ISO first: what <input type="date"> and "datetime-local" send; the British forms still work when typed.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
