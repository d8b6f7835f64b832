"""The CKAN Action API v3: an explicit table of actions behind one blueprint."""
