"""Errors of the portal, each carrying its HTTP status and its CKAN error type.

PortalError (500, "Internal Server Error")
  ├─ BadRequest (400)                      unknown action, unreadable JSON body
  ├─ NotFound (404, "Not Found Error")     no such dataset, resource, organization...
  ├─ Forbidden (403, "Authorization Error") data not open to the public
  ├─ ValidationError (409, "Validation Error") a parameter is missing or has a bad value
  └─ SearchQueryError (409, "Search Query Error") q or fq cannot be understood
"""


class PortalError(Exception):
    status = 500
    ckan_type = "Internal Server Error"

    def __init__(self, message: str = ""):
        self.message = message
        super().__init__(message)

    def ckan_error(self) -> dict:
        return {"__type": self.ckan_type, "message": self.message}


class BadRequest(PortalError):
    status = 400
    ckan_type = ""

    def ckan_error(self) -> dict:
        return {"message": self.message}


class NotFound(PortalError):
    status = 404
    ckan_type = "Not Found Error"


class Forbidden(PortalError):
    status = 403
    ckan_type = "Authorization Error"


class ValidationError(PortalError):
    status = 409
    ckan_type = "Validation Error"

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in errors.items()))

    def ckan_error(self) -> dict:
        return {"__type": self.ckan_type, **self.errors}


class SearchQueryError(PortalError):
    status = 409
    ckan_type = "Search Query Error"
