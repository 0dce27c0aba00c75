from drf_spectacular.extensions import OpenApiAuthenticationExtension


class DeviceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "checkin.authentication.DeviceTokenAuthentication"
    name = "scannerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Scanner device token: `Token <token>` (from `manage.py create_scanner`).",
        }
