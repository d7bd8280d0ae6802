//! The commands the UI may invoke. Each one is a call into dossier-core plus the mapping of
//! its answer to a view or an [`AppError`]; the names are in dossier_api::shell::commands,
//! which the build script turns into permissions.

use dossier_api::{
    ConnectionView, NationalRegisterNumber,
    device::DeviceStatus,
    radiology::ShareCodeProblem,
    shell::{
        AccountView, AppError, BlockCardArgs, ChangePasswordArgs, ChangePinArgs,
        ChangeUserNameArgs, CodeAskedView, DeviceIdArgs, DeviceStateView, DeviceView, HomeView,
        LoginCodeArgs, LoginStartArgs, PasswordResetArgs, PinArgs, RecordView, RegisterDeviceArgs,
        RequestCardArgs, SessionKind,
    },
};
use dossier_api::{
    care_access::{CareProviderView, RecordAccessOverview},
    details::{NotificationSettings, PersonalDetailsView},
    shell::{
        AccessKindView, AccessLogArgs, AccessLogView, ChangeDetailsArgs, DetailsToShowView,
        FindGpArgs, GpObjectionArgs, NotificationSettingsArgs, StopExclusionArgs,
        WithdrawReferrerArgs,
    },
};
use dossier_api::{
    links::{ChildLinkRequest, LinkRequestView, RecordLinkView},
    reports::RecordAccess,
    shell::{
        ClosedReasonView, ClosedRecordView, FirstScreenArgs, NameTrustedPersonArgs, RevokeLinkArgs,
    },
};
use dossier_api::{
    questionnaires::{QuestionnaireSummary, QuestionnaireView},
    shell::{QuestionnaireArgs, SaveAnswersArgs},
};
use dossier_api::{
    reports::{HospitalView, PendingReport, Relation, ReportView},
    shell::{RecordArgs, ReportArgs, ReportListArgs, ReportListView, ReportSummary},
};
use dossier_core::{
    AccessKind, AccessLogQuery, Account, CoreError, DeviceState, ReportQuery,
    account::{Confirmation, TrustedPersonDetails},
    cache::ClosedReason,
};
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};

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
        last_code: asked.last_code,
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
    crate::sync::start(&app);
    home_of(&account).await
}

#[tauri::command]
pub async fn home<R: Runtime>(app: AppHandle<R>) -> Result<HomeView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    home_of(&account).await
}

async fn home_of(account: &Account) -> Result<HomeView, AppError> {
    let session = if account.is_offline().await {
        SessionKind::Offline
    } else if account.is_device_session().await {
        SessionKind::Device
    } else {
        SessionKind::CodeCard
    };
    let me = account.profile().await.map_err(app_error)?;
    Ok(HomeView {
        account: AccountView {
            session,
            user_name: me.user_name,
            preferred_language: me.patient.preferred_language,
            card: me.card,
        },
        own_record: RecordView {
            record_id: me.record_id,
            given_name: me.patient.given_name,
            family_name: me.patient.family_name,
            date_of_birth: me.patient.date_of_birth,
            relation: Relation::Own,
        },
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

/// Async so the keychain read runs off the main thread (a sync command runs on it).
#[tauri::command]
pub async fn device_state<R: Runtime>(app: AppHandle<R>) -> Result<DeviceStateView, AppError> {
    let core = app.state::<AppCore>();
    let (registered_as, keys_lost) = match core.account.device_state().await.map_err(app_error)? {
        DeviceState::Registered { name } => (Some(name), None),
        DeviceState::NotRegistered => (None, None),
        DeviceState::KeysLost { name } => (None, Some(name)),
    };
    Ok(DeviceStateView {
        can_register: core.can_register,
        registered_as,
        registered_before: core.account.registered_before().await,
        keys_lost,
        suggested_name: core.account.default_device_name(),
        can_print: cfg!(desktop),
    })
}

#[tauri::command]
pub async fn register_device<R: Runtime>(
    app: AppHandle<R>,
    args: RegisterDeviceArgs,
) -> Result<HomeView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.register_device(&args.name, args.pin.expose()).await.map_err(app_error)?;
    crate::sync::start(&app);
    home_of(&account).await
}

#[tauri::command]
pub async fn unlock<R: Runtime>(app: AppHandle<R>, args: PinArgs) -> Result<HomeView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.unlock(args.pin.expose()).await.map_err(app_error)?;
    crate::sync::start(&app);
    home_of(&account).await
}

#[tauri::command]
pub async fn change_pin<R: Runtime>(
    app: AppHandle<R>,
    args: ChangePinArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.change_pin(args.current_pin.expose(), args.new_pin.expose()).await.map_err(app_error)
}

#[tauri::command]
pub async fn devices<R: Runtime>(app: AppHandle<R>) -> Result<Vec<DeviceView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let devices = account.devices().await.map_err(app_error)?;
    Ok(devices
        .into_iter()
        .map(|device| DeviceView {
            last_used: local_date(device.last_used_at),
            registered_on: local_date(device.created_at),
            blocked: device.status == DeviceStatus::Blocked,
            this_device: device.current,
            id: device.id,
            name: device.name,
        })
        .collect())
}

#[tauri::command]
pub async fn remove_device<R: Runtime>(
    app: AppHandle<R>,
    args: DeviceIdArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.remove_device(&args.device_id).await.map_err(app_error)
}

/// Unregisters this device: keys, cache and session in the core, and the webview's own
/// storage here.
#[tauri::command]
pub async fn unregister_device<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.unregister().await.map_err(app_error)?;
    if let Err(error) = window.clear_all_browsing_data() {
        tracing::warn!(%error, "cannot clear the webview's data");
    }
    Ok(())
}

#[tauri::command]
pub async fn lock<R: Runtime>(app: AppHandle<R>) {
    let account = app.state::<AppCore>().account.clone();
    account.lock().await;
}

/// Syncs every record now, telling the UI as reports come in.
#[tauri::command]
pub async fn sync_reports<R: Runtime>(app: AppHandle<R>) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    crate::sync::run(&app, &account).await.map_err(app_error)
}

#[tauri::command]
pub async fn reports<R: Runtime>(
    app: AppHandle<R>,
    args: ReportListArgs,
) -> Result<ReportListView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let query = ReportQuery {
        report_type: args.report_type,
        hospital_id: args.hospital_id,
        text: args.text.filter(|t| !t.trim().is_empty()),
    };
    let list = account
        .report_list(&args.record_id, &query, |r, new| ReportSummary {
            id: r.id.clone(),
            report_type: r.report_type,
            title: r.title.clone(),
            hospital_name: r.hospital_name.clone(),
            performed_on: r.performed_on,
            validated_on: r.validated_on,
            amended: r.is_amended(),
            out_of_range: r.lab_values.iter().any(|v| v.flag.out_of_range()),
            new,
        })
        .await
        .map_err(app_error)?;
    Ok(ReportListView {
        reports: list.matching,
        hospitals: list.hospitals,
        total: u32::try_from(list.total).unwrap_or(u32::MAX),
        last_synced: list.last_synced,
        offline: account.is_offline().await,
        new_count: u32::try_from(list.new_count).unwrap_or(u32::MAX),
    })
}

/// The list was shown: its reports are no longer new at the next visit.
#[tauri::command]
pub async fn mark_reports_seen<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.mark_reports_seen(&args.record_id).await.map_err(app_error)
}

#[tauri::command]
pub async fn report<R: Runtime>(
    app: AppHandle<R>,
    args: ReportArgs,
) -> Result<ReportView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account
        .report(&args.record_id, &args.report_id)
        .await
        .map_err(app_error)?
        .ok_or(AppError::Unexpected)
}

#[tauri::command]
pub async fn hospitals<R: Runtime>(app: AppHandle<R>) -> Result<Vec<HospitalView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.hospitals().await.map_err(app_error)
}

/// The records the user may open, own first (as of the last sync; before the first one, the
/// own record alone).
#[tauri::command]
pub async fn records<R: Runtime>(app: AppHandle<R>) -> Result<Vec<RecordView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let records = account.records().await;
    if records.is_empty() {
        return Ok(vec![home_of(&account).await?.own_record]);
    }
    Ok(records.into_iter().map(record_view).collect())
}

fn record_view(r: RecordAccess) -> RecordView {
    RecordView {
        record_id: r.record_id,
        given_name: r.given_name,
        family_name: r.family_name,
        date_of_birth: r.date_of_birth,
        relation: r.relation,
    }
}

/// The records closed since this was last asked: by their last day (also at midnight,
/// also offline) or because the server no longer lists them. Each is given once.
#[tauri::command]
pub async fn closed_records<R: Runtime>(app: AppHandle<R>) -> Vec<ClosedRecordView> {
    let account = app.state::<AppCore>().account.clone();
    if let Err(error) = account.close_expired_records().await {
        tracing::debug!(%error, "no records to close");
    }
    account
        .take_closed_records()
        .await
        .into_iter()
        .map(|closed| ClosedRecordView {
            record: record_view(closed.record),
            reason: match closed.reason {
                ClosedReason::TurnedFifteen => ClosedReasonView::TurnedFifteen,
                ClosedReason::PeriodOver => ClosedReasonView::PeriodOver,
                ClosedReason::NoLongerLinked => ClosedReasonView::NoLongerLinked,
            },
        })
        .collect()
}

#[tauri::command]
pub async fn link_requests<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Vec<LinkRequestView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.link_requests().await.map_err(app_error)
}

#[tauri::command]
pub async fn ask_for_child<R: Runtime>(
    app: AppHandle<R>,
    args: ChildLinkRequest,
) -> Result<LinkRequestView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.ask_for_child(&args).await.map_err(app_error)
}

#[tauri::command]
pub async fn record_links<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<Vec<RecordLinkView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.record_links(&args.record_id).await.map_err(app_error)
}

/// Names a trusted person, confirmed with the PIN in a session opened with it, else with
/// the password.
#[tauri::command]
pub async fn name_trusted_person<R: Runtime>(
    app: AppHandle<R>,
    args: NameTrustedPersonArgs,
) -> Result<RecordLinkView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let confirmation = if account.is_device_session().await {
        Confirmation::Pin(args.secret)
    } else {
        Confirmation::Password(args.secret)
    };
    let details = TrustedPersonDetails {
        given_name: args.given_name,
        family_name: args.family_name,
        national_register_number: args.national_register_number,
        rights: args.rights,
        until: args.until,
    };
    account.name_trusted_person(&args.record_id, details, confirmation).await.map_err(app_error)
}

#[tauri::command]
pub async fn revoke_link<R: Runtime>(
    app: AppHandle<R>,
    args: RevokeLinkArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.revoke_link(&args.record_id, &args.link_id).await.map_err(app_error)
}

#[tauri::command]
pub async fn pending_reports<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<Vec<PendingReport>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.pending_reports(&args.record_id).await.map_err(app_error)
}

/// Who may see the record.
#[tauri::command]
pub async fn access_overview<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<RecordAccessOverview, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.access_overview(&args.record_id).await.map_err(app_error)
}

#[tauri::command]
pub async fn set_gp_objection<R: Runtime>(
    app: AppHandle<R>,
    args: GpObjectionArgs,
) -> Result<RecordAccessOverview, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let changed = if args.objected {
        account.object_to_gp(&args.record_id).await
    } else {
        account.allow_gp_again(&args.record_id).await
    };
    changed.map_err(app_error)
}

#[tauri::command]
pub async fn withdraw_referrer<R: Runtime>(
    app: AppHandle<R>,
    args: WithdrawReferrerArgs,
) -> Result<RecordAccessOverview, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.withdraw_referrer(&args.record_id, &args.provider_id).await.map_err(app_error)
}

#[tauri::command]
pub async fn stop_exclusion<R: Runtime>(
    app: AppHandle<R>,
    args: StopExclusionArgs,
) -> Result<RecordAccessOverview, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.stop_exclusion(&args.record_id, &args.exclusion_id).await.map_err(app_error)
}

/// Fetches the record's new access log entries into the cache.
#[tauri::command]
pub async fn sync_access_log<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<(), AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.sync_access_log(&args.record_id).await.map(|_| ()).map_err(app_error)
}

/// "Who looked at my record", from the cache.
#[tauri::command]
pub async fn access_log<R: Runtime>(
    app: AppHandle<R>,
    args: AccessLogArgs,
) -> Result<AccessLogView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let query = AccessLogQuery {
        from: args.from,
        to: args.to,
        kinds: args.kinds.into_iter().map(access_kind).collect(),
        limit: Some(args.limit as usize),
    };
    let list = account.access_log(&args.record_id, &query).await.map_err(app_error)?;
    Ok(AccessLogView {
        entries: list.entries,
        matching: u32::try_from(list.matching).unwrap_or(u32::MAX),
        total: u32::try_from(list.total).unwrap_or(u32::MAX),
        last_synced: list.last_synced,
        offline: account.is_offline().await,
    })
}

/// A record's personal details and their history.
#[tauri::command]
pub async fn personal_details<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<DetailsToShowView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    let shown = account.details_to_show(&args.record_id).await.map_err(app_error)?;
    Ok(DetailsToShowView {
        details: shown.details,
        offline: shown.offline,
        last_synced: shown.last_synced,
    })
}

#[tauri::command]
pub async fn change_personal_details<R: Runtime>(
    app: AppHandle<R>,
    args: ChangeDetailsArgs,
) -> Result<PersonalDetailsView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.change_personal_details(&args.record_id, &args.update).await.map_err(app_error)
}

#[tauri::command]
pub async fn find_general_practitioners<R: Runtime>(
    app: AppHandle<R>,
    args: FindGpArgs,
) -> Result<Vec<CareProviderView>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.general_practitioners(&args.name).await.map_err(app_error)
}

#[tauri::command]
pub async fn notification_settings<R: Runtime>(
    app: AppHandle<R>,
) -> Result<NotificationSettings, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.notification_settings().await.map_err(app_error)
}

#[tauri::command]
pub async fn change_notification_settings<R: Runtime>(
    app: AppHandle<R>,
    args: NotificationSettingsArgs,
) -> Result<NotificationSettings, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.change_notification_settings(args.settings).await.map_err(app_error)
}

/// The questionnaires hospitals sent to a record (from the server).
#[tauri::command]
pub async fn questionnaires<R: Runtime>(
    app: AppHandle<R>,
    args: RecordArgs,
) -> Result<Vec<QuestionnaireSummary>, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.questionnaires(&args.record_id).await.map_err(app_error)
}

#[tauri::command]
pub async fn questionnaire<R: Runtime>(
    app: AppHandle<R>,
    args: QuestionnaireArgs,
) -> Result<QuestionnaireView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account.questionnaire(&args.record_id, &args.questionnaire_id).await.map_err(app_error)
}

#[tauri::command]
pub async fn save_answers<R: Runtime>(
    app: AppHandle<R>,
    args: SaveAnswersArgs,
) -> Result<QuestionnaireView, AppError> {
    let account = app.state::<AppCore>().account.clone();
    account
        .save_answers(&args.record_id, &args.questionnaire_id, &args.answers)
        .await
        .map_err(app_error)
}

fn access_kind(kind: AccessKindView) -> AccessKind {
    match kind {
        AccessKindView::CareTeam => AccessKind::CareTeam,
        AccessKindView::GeneralPractitioner => AccessKind::GeneralPractitioner,
        AccessKindView::Referrer => AccessKind::Referrer,
        AccessKindView::BreakTheGlass => AccessKind::BreakTheGlass,
        AccessKindView::LinkedPerson => AccessKind::LinkedPerson,
        AccessKindView::ShareCode => AccessKind::ShareCode,
        AccessKindView::Refused => AccessKind::Refused,
        AccessKindView::Change => AccessKind::Change,
    }
}

/// What the patient is told for each core error.
pub(crate) fn app_error(error: CoreError) -> AppError {
    match error {
        CoreError::Unreachable(_) | CoreError::Timeout(_) | CoreError::Offline => {
            AppError::NoConnection
        }
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
        CoreError::WrongPin { tries_left } => AppError::WrongPin { tries_left },
        CoreError::DeviceBlocked => AppError::DeviceBlocked,
        CoreError::DeviceRemoved => AppError::DeviceRemoved,
        CoreError::PinRejected(problem) => AppError::PinRejected { problem },
        CoreError::NotRegistered | CoreError::DeviceDamaged => AppError::NotRegistered,
        CoreError::NeedsDeviceSession => AppError::NotLoggedIn,
        CoreError::Keychain(_) => AppError::KeychainUnavailable,
        CoreError::CacheDamaged => AppError::Unexpected,
        CoreError::RecordClosed => AppError::RecordClosed,
        CoreError::LinkRequestRefused(problem) => AppError::LinkRequestRefused { problem },
        CoreError::DesignationRefused(problem) => AppError::DesignationRefused { problem },
        CoreError::NotAllowedToChange => AppError::NotAllowedToChange,
        CoreError::ManagedOnEhealth => AppError::ManagedOnEhealth,
        CoreError::DetailsRefused(problems) => AppError::DetailsRefused { problems },
        CoreError::CancelRefused(reason) => AppError::CancelRefused { reason },
        CoreError::AnswersRefused(_) => AppError::AnswersRefused,
        CoreError::QuestionnaireSubmitted => AppError::QuestionnaireSubmitted,
        CoreError::MessageRefused(problem) => AppError::MessageRefused { problem },
        CoreError::ShareCodeRefused(ShareCodeProblem::Days { max }) => {
            AppError::ShareCodeRefused { max_days: max }
        }
        CoreError::StorageFull { needed_bytes } => AppError::StorageFull {
            needed_megabytes: u32::try_from(needed_bytes.div_ceil(1 << 20)).unwrap_or(u32::MAX),
        },
        other => {
            tracing::warn!(error = %other, "command failed");
            AppError::Unexpected
        }
    }
}

/// The calendar date of Unix seconds in the system's time zone.
fn local_date(unix: i64) -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.with_timezone(&chrono::Local).date_naive())
        .unwrap_or_default()
}

/// When this process started, for the start-up time the first screen reports.
pub static PROCESS_STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The UI drew its first screen and put the focus where the person types: logged once per
/// process with the time since the process started (the cold-start figure; no content).
#[tauri::command]
pub fn first_screen_ready(args: FirstScreenArgs) {
    static TOLD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if TOLD.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let after_ms = PROCESS_STARTED.get().map_or(0, |started| started.elapsed().as_millis());
    tracing::info!(screen = ?args.screen, after_ms, "first screen ready");
}
