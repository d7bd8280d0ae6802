//! The commands the UI may invoke. Each one is a call into dossier-core plus the mapping of
//! its answer to a view or an [`AppError`]; the names are in dossier_api::shell::commands,
//! which the build script turns into permissions.

use dossier_api::{
    ConnectionView, NationalRegisterNumber,
    shell::{
        AppError, BlockCardArgs, ChangePasswordArgs, ChangeUserNameArgs, CodeAskedView, HomeView,
        LoginCodeArgs, LoginStartArgs, PasswordResetArgs, RequestCardArgs,
    },
};
use dossier_core::CoreError;
use tauri::{AppHandle, Manager, Runtime};

use crate::AppCore;

/// The connection state as last checked; answers at once.
#[tauri::command]
pub fn connection_status<R: Runtime>(app: AppHandle<R>) -> ConnectionView {
    app.state::<AppCore>().connection.current()
}

/// Checks the server now (the "Try again" button).
#[tauri::command]
pub async fn check_connection<R: Runtime>(app: AppHandle<R>) -> ConnectionView {
    let connection = app.state::<AppCore>().connection.clone();
    connection.check().await
}

#[tauri::command]
pub async fn login_start<R: Runtime>(
    app: AppHandle<R>,
    args: LoginStartArgs,
) -> Result<CodeAskedView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let asked = account.start_login(&args.user_name, args.password).await.map_err(app_error)?;
    Ok(CodeAskedView {
        code_index: asked.code_index,
        expires_in_seconds: u32::try_from(asked.expires_in.as_secs()).unwrap_or(u32::MAX),
    })
}

#[tauri::command]
pub async fn login_finish<R: Runtime>(
    app: AppHandle<R>,
    args: LoginCodeArgs,
) -> Result<HomeView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.enter_code(args.code).await.map_err(app_error)?;
    home_of(&account).await
}

#[tauri::command]
pub async fn home<R: Runtime>(app: AppHandle<R>) -> Result<HomeView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    home_of(&account).await
}

async fn home_of(account: &dossier_core::Account) -> Result<HomeView, AppError> {
    let me = account.me().await.map_err(app_error)?;
    Ok(HomeView {
        given_name: me.patient.given_name,
        family_name: me.patient.family_name,
        date_of_birth: me.patient.date_of_birth,
        user_name: me.user_name,
        preferred_language: me.patient.preferred_language,
        card: me.card,
    })
}

#[tauri::command]
pub async fn logout<R: Runtime>(app: AppHandle<R>) {
    let account = app.state::<AppCore>().account.clone();
    account.logout().await;
}

#[tauri::command]
pub async fn change_user_name<R: Runtime>(
    app: AppHandle<R>,
    args: ChangeUserNameArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.change_user_name(&args.new_user_name, args.password).await.map_err(app_error)
}

#[tauri::command]
pub async fn change_password<R: Runtime>(
    app: AppHandle<R>,
    args: ChangePasswordArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.change_password(args.current_password, args.new_password).await.map_err(app_error)
}

#[tauri::command]
pub async fn block_card<R: Runtime>(
    app: AppHandle<R>,
    args: BlockCardArgs,
) -> Result<String, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.block_card(&args.user_name, args.password).await.map_err(app_error)
}

#[tauri::command]
pub async fn request_card<R: Runtime>(
    app: AppHandle<R>,
    args: RequestCardArgs,
) -> Result<(), AppError> {
    let number = NationalRegisterNumber::parse(&args.national_register_number)
        .map_err(|_| AppError::InvalidRegisterNumber)?;
    let account = app.state::<AppCore>().account.clone();
    account.request_card(number, &args.email, args.language).await.map_err(app_error)
}

#[tauri::command]
pub async fn request_password_reset<R: Runtime>(
    app: AppHandle<R>,
    args: PasswordResetArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.request_password_reset(&args.user_name, args.language).await.map_err(app_error)
}

/// What the patient is told for each core error.
fn app_error(error: CoreError) -> AppError {
    match error {
        CoreError::Unreachable(_) | CoreError::Timeout(_) => AppError::NoConnection,
        CoreError::ServerStatus { .. } | CoreError::InvalidResponse => AppError::ServerProblem,
        CoreError::IncompatibleServer { .. } => AppError::AppOutdated,
        CoreError::LoginFailed => AppError::LoginFailed,
        CoreError::LoginExpired => AppError::LoginExpired,
        CoreError::SlowedDown { retry_after_seconds } => {
            AppError::SlowedDown { retry_after_seconds }
        }
        CoreError::AccountLocked => AppError::AccountLocked,
        CoreError::CardBlocked => AppError::CardBlocked,
        CoreError::NoCodesLeft => AppError::NoCodesLeft,
        CoreError::AccountClosed => AppError::AccountClosed,
        CoreError::NotLoggedIn => AppError::NotLoggedIn,
        CoreError::PasswordRejected(problem) => AppError::PasswordRejected { problem },
        CoreError::UserNameRejected(problem) => AppError::UserNameRejected { problem },
        CoreError::InvalidEmail => AppError::InvalidEmail,
        other => {
            tracing::warn!(error = %other, "command failed");
            AppError::Unexpected
        }
    }
}
