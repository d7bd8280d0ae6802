//! The HTTP application: routes, middleware, and running it with a graceful shutdown.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    Router,
    extract::{MatchedPath, Request},
    http::{
        HeaderValue, StatusCode,
        header::{
            ALLOW, CACHE_CONTROL, CONTENT_TYPE, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
        },
    },
    response::{IntoResponse, Response},
};
use dossier_api::{API_PREFIX, ApiErrorCode};
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};
use tower_http::{
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

use crate::{
    clock::Clock,
    config::ServerSettings,
    crypto::{Sealer, SecretHasher, UserKeyer},
    db::Database,
    error::{HttpError, ServerError},
    mail::Mailer,
    routes,
};

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub clock: Arc<dyn Clock>,
    pub hasher: SecretHasher,
    pub keyer: UserKeyer,
    pub mailer: Arc<Mailer>,
    /// Base URL for links in e-mails.
    pub public_url: Arc<str>,
    /// Seals sync cursors: a device learns nothing from one and cannot make one up.
    pub cursors: Sealer,
}

impl AppState {
    /// Builds the services; loads the server's own keys from the database, creating them
    /// on first start.
    pub async fn open(
        db: Database,
        clock: impl Clock,
        settings: &ServerSettings,
    ) -> Result<Self, ServerError> {
        let keyer = UserKeyer::new(server_secret(&db, "user_key_hmac").await?);
        let cursors = Sealer::new(&server_secret(&db, "sync_cursor_key").await?)?;
        let hashing = settings.hashing;
        let hasher = tokio::task::spawn_blocking(move || SecretHasher::new(hashing)).await??;
        Ok(Self {
            db,
            clock: Arc::new(clock),
            hasher,
            keyer,
            mailer: Arc::new(Mailer::new(&settings.mail, &settings.mail_from)?),
            public_url: settings.public_url.clone().into(),
            cursors,
        })
    }

    /// Now, in whole seconds, as stored in the database.
    pub fn now(&self) -> i64 {
        self.clock.now().timestamp()
    }
}

/// A 256-bit server key stored in the database, made on first use. Two servers starting at
/// once may race to create it: the loser reads the winner's.
async fn server_secret(db: &Database, name: &str) -> Result<Vec<u8>, ServerError> {
    use base64::{Engine, engine::general_purpose::STANDARD};
    let read = || async {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT value FROM server_secrets WHERE name = $1")
                .bind(name)
                .fetch_optional(db.pool())
                .await?;
        row.map(|(value,)| {
            STANDARD.decode(value).map_err(|_| ServerError::Corrupt("server secret".into()))
        })
        .transpose()
    };
    if let Some(secret) = read().await? {
        return Ok(secret);
    }
    let mut bytes = vec![0_u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    let inserted = sqlx::query("INSERT INTO server_secrets (name, value) VALUES ($1, $2)")
        .bind(name)
        .bind(STANDARD.encode(&bytes))
        .execute(db.pool())
        .await;
    match inserted {
        Ok(_) => Ok(bytes),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            read().await?.ok_or_else(|| ServerError::Corrupt("server secret".into()))
        }
        Err(e) => Err(e.into()),
    }
}

/// The whole HTTP application. Built in one function so tests can serve exactly what
/// production serves.
pub fn app(state: AppState) -> Router {
    let clock = state.clone();
    Router::new()
        .nest(API_PREFIX, routes::api())
        .merge(routes::pages())
        .fallback(not_found)
        .with_state(state)
        // 1 MB for a body, unless a route says otherwise (a document joined to a request).
        .layer(axum::extract::DefaultBodyLimit::max(1024 * 1024))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(axum::middleware::from_fn(api_errors_as_json))
        .layer(axum::middleware::from_fn_with_state(clock, date_from_clock))
        // Every answer: never kept by a shared cache or a browser unless a route says so
        // (the stylesheet), never sniffed as another type, and HTTPS only from the first
        // visit (browsers ignore HSTS over plain HTTP, so a proxy in front keeps it too).
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000"),
        ))
        .layer(
            // The span names the route pattern, never the concrete path or query, which
            // could carry an identifier.
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let route = request
                        .extensions()
                        .get::<MatchedPath>()
                        .map_or("<unmatched>", MatchedPath::as_str);
                    tracing::info_span!("request", method = %request.method(), route)
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

/// The `Date` of every answer is the server's clock (hyper would put the system's): devices
/// never trust their own clock to be earlier than the latest one, and a demo or test run on
/// a moved clock gives them the moved time.
async fn date_from_clock(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let mut response = next.run(request).await;
    let now =
        std::time::UNIX_EPOCH + Duration::from_secs(u64::try_from(state.now()).unwrap_or_default());
    if let Ok(value) = axum::http::HeaderValue::from_str(&httpdate::fmt_http_date(now)) {
        response.headers_mut().insert(axum::http::header::DATE, value);
    }
    response
}

/// Every error answer of the API carries our JSON body, also those made before a handler
/// ran (a body over the limit, a method the route lacks, a timeout).
async fn api_errors_as_json(request: Request, next: axum::middleware::Next) -> Response {
    let api = request.uri().path().starts_with(API_PREFIX);
    let response = next.run(request).await;
    let json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if !api || json || !(response.status().is_client_error() || response.status().is_server_error())
    {
        return response;
    }
    let allow = response.headers().get(ALLOW).cloned();
    let mut answer = HttpError::for_status(response.status()).into_response();
    if let Some(allow) = allow {
        answer.headers_mut().insert(ALLOW, allow);
    }
    answer
}

async fn not_found() -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, ApiErrorCode::NotFound, "no such endpoint")
}

/// A client has this long to send a request's headers (hyper's own default once it has a
/// timer, which axum's `serve` does not give it): a connection that trickles its headers
/// holds a socket and a task, not forever. The body is bounded by the request timeout. An
/// idle kept-alive connection is closed after as long; the app's client lets go of idle
/// connections sooner (`dossier_core::client`), so it never sends on one being closed.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves the application on `listener` (plain TCP, or [`crate::tls::TlsListener`]) until
/// `shutdown` completes, then lets requests in flight finish. HTTP/1.1 through hyper, as
/// axum's `serve` does, plus the header timeout.
pub async fn serve<L>(
    mut listener: L,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError>
where
    L: axum::serve::Listener,
{
    use hyper_util::{
        rt::{TokioIo, TokioTimer},
        server::graceful::GracefulShutdown,
        service::TowerToHyperService,
    };
    let app = app(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    let connections = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let io = tokio::select! {
            (io, _) = listener.accept() => io,
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = connections.watch(http.serve_connection(TokioIo::new(io), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                // A client that went away, or sent no headers in time.
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    connections.shutdown().await;
    Ok(())
}

/// A server running in the background of this process; for tests and embedding.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), ServerError>>,
}

impl RunningServer {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections, waits for requests in flight, and returns how the
    /// server ended.
    pub async fn stop(self) -> Result<(), ServerError> {
        let _ = self.stop.send(());
        match self.task.await {
            Ok(result) => result,
            Err(join) => Err(ServerError::Io(std::io::Error::other(join))),
        }
    }
}

/// Starts serving on `listener` in a background task.
pub fn start(listener: TcpListener, state: AppState) -> Result<RunningServer, ServerError> {
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, state, async move {
        let _ = stopped.await;
    }));
    Ok(RunningServer { addr, stop, task })
}
