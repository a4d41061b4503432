"""The API's views: content lists and details, the changes feed, leads, and the root."""
