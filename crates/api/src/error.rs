//! The error body every non-2xx answer of the API carries.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable reason. Clients decide what to show from the code, never
/// from the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ApiErrorCode {
    BadRequest,
    NotFound,
    ServiceUnavailable,
    Internal,
}

/// JSON body of an error answer. `message` is English, for logs and developers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ApiErrorCode,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_wire_format() {
        let error = ApiError {
            code: ApiErrorCode::ServiceUnavailable,
            message: "the service is temporarily unavailable".into(),
        };
        insta::assert_json_snapshot!(error, @r#"
        {
          "code": "service_unavailable",
          "message": "the service is temporarily unavailable"
        }
        "#);
    }
}
