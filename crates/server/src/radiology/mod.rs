//! Radiology studies (issue 19): staff import a study from a folder of DICOM files onto a
//! radiology report (`admin import-study`); the files are kept unchanged in the database
//! with a preview per series; the app shows the study with its report, and it leaves as a
//! ZIP of its files. A study is visible exactly when its report is ([`report_visible`]:
//! the reports' one rule). Share codes for a care provider's page: [`share_codes`].

pub mod dicom;
pub mod share_codes;

use std::collections::BTreeMap;

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{DateTime, Utc};
use dossier_api::{
    dates,
    radiology::{RadiologySeriesView, RadiologyStudyView},
    reports::ReportType,
};
use sqlx::AnyConnection;

use crate::{error::ServerError, radiology::dicom::DicomProblem};

/// Why a folder was not imported. Nothing is stored when any of these happens.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RadiologyError {
    #[error("the folder holds no files")]
    EmptyFolder,
    #[error("{file}: {problem}")]
    File { file: String, problem: DicomProblem },
    #[error("{file} belongs to another study than {first} (Study Instance UID differs)")]
    OtherStudy { file: String, first: String },
    #[error("{file} is the same image (SOP Instance UID) as {other}")]
    SameImageTwice { file: String, other: String },
    #[error("no file holds pixel data: there is no image to show")]
    NoPixelData,
    #[error("no report with id {0}")]
    NoSuchReport(String),
    #[error("report {report} is a {kind} report, not a radiology report")]
    NotRadiology { report: String, kind: &'static str },
    #[error("report {0} has another study already")]
    ReportHasAnotherStudy(String),
    #[error("this study is imported already, on report {0}")]
    StudyOnAnotherReport(String),
    #[error("cannot read {file}: {source}")]
    Read { file: String, source: std::io::Error },
    #[error(transparent)]
    Server(#[from] ServerError),
}

impl From<sqlx::Error> for RadiologyError {
    fn from(error: sqlx::Error) -> Self {
        Self::Server(error.into())
    }
}

/// A series as read from its files, before it is stored.
#[derive(Debug)]
pub struct PreparedSeries {
    pub uid: String,
    pub number: Option<i64>,
    pub modality: String,
    pub description: Option<String>,
    /// Files in instance-number order.
    pub files: Vec<PreparedFile>,
    pub preview_png: Option<Vec<u8>>,
}

#[derive(Debug)]
pub struct PreparedFile {
    pub name: String,
    pub sop_uid: String,
    pub bytes: Vec<u8>,
}

/// A study read from a folder, every file checked, previews rendered: ready to store.
#[derive(Debug)]
pub struct PreparedStudy {
    pub uid: String,
    pub body_part: Option<String>,
    pub study_date: Option<chrono::NaiveDate>,
    pub description: Option<String>,
    pub series: Vec<PreparedSeries>,
    /// Series whose preview could not be rendered (a codec not built in): named for staff.
    pub without_preview: Vec<String>,
}

impl PreparedStudy {
    pub fn image_count(&self) -> usize {
        self.series.iter().map(|s| s.files.len()).sum()
    }

    pub fn size_bytes(&self) -> usize {
        self.series.iter().flat_map(|s| &s.files).map(|f| f.bytes.len()).sum()
    }

    fn modalities(&self) -> Vec<String> {
        let mut seen = Vec::new();
        for series in &self.series {
            if !seen.contains(&series.modality) {
                seen.push(series.modality.clone());
            }
        }
        seen
    }
}

/// Reads every file (named as given, e.g. their paths in the folder): one study, each
/// image once, some pixel data; a preview per series from its middle image. CPU work: run
/// it on a blocking thread.
pub fn prepare(files: Vec<(String, Vec<u8>)>) -> Result<PreparedStudy, RadiologyError> {
    if files.is_empty() {
        return Err(RadiologyError::EmptyFolder);
    }
    let mut first: Option<(String, dicom::FileFacts)> = None;
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut series: Vec<(PreparedSeries, Vec<dicom::FileFacts>)> = Vec::new();
    for (name, bytes) in files {
        let facts = dicom::facts(&bytes)
            .map_err(|problem| RadiologyError::File { file: name.clone(), problem })?;
        match &first {
            Some((first_name, f)) if f.study_uid != facts.study_uid => {
                return Err(RadiologyError::OtherStudy { file: name, first: first_name.clone() });
            }
            Some(_) => {}
            None => first = Some((name.clone(), facts.clone())),
        }
        if let Some(other) = seen.insert(facts.sop_uid.clone(), name.clone()) {
            return Err(RadiologyError::SameImageTwice { file: name, other });
        }
        let index = match series.iter().position(|(s, _)| s.uid == facts.series_uid) {
            Some(index) => index,
            None => {
                series.push((
                    PreparedSeries {
                        uid: facts.series_uid.clone(),
                        number: facts.series_number,
                        modality: facts.modality.clone(),
                        description: facts.series_description.clone(),
                        files: Vec::new(),
                        preview_png: None,
                    },
                    Vec::new(),
                ));
                series.len() - 1
            }
        };
        let (prepared, facts_of) = &mut series[index];
        prepared.files.push(PreparedFile { name, sop_uid: facts.sop_uid.clone(), bytes });
        facts_of.push(facts);
    }
    let Some((_, study)) = first else { return Err(RadiologyError::EmptyFolder) };
    if !series.iter().any(|(_, facts)| facts.iter().any(|f| f.has_pixels)) {
        return Err(RadiologyError::NoPixelData);
    }
    let mut without_preview = Vec::new();
    let mut done = Vec::new();
    for (mut prepared, facts) in series {
        // Instance number order (then the order read), as a viewer stacks them.
        let mut order: Vec<usize> = (0..prepared.files.len()).collect();
        order.sort_by_key(|&i| (facts[i].instance_number.is_none(), facts[i].instance_number, i));
        let mut files: Vec<Option<PreparedFile>> = prepared.files.drain(..).map(Some).collect();
        prepared.files = order.iter().filter_map(|&i| files[i].take()).collect();
        let with_pixels: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|(_, i)| facts[**i].has_pixels)
            .map(|(k, _)| k)
            .collect();
        if let Some(&middle) = with_pixels.get(with_pixels.len() / 2) {
            match dicom::preview_png(&prepared.files[middle].bytes) {
                Ok(png) => prepared.preview_png = Some(png),
                Err(problem) => {
                    without_preview.push(format!("series {}: {problem}", prepared.uid));
                }
            }
        }
        done.push(prepared);
    }
    done.sort_by_key(|s| (s.number.is_none(), s.number));
    Ok(PreparedStudy {
        uid: study.study_uid,
        body_part: study.body_part,
        study_date: study.study_date,
        description: study.study_description,
        series: done,
        without_preview,
    })
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    New {
        study_id: String,
    },
    /// The same study on the same report: nothing changed.
    AlreadyThere {
        study_id: String,
    },
}

/// Stores `study` on radiology report `report_id`, in one transaction.
pub async fn store(
    conn: &mut AnyConnection,
    report_id: &str,
    study: &PreparedStudy,
    now: i64,
) -> Result<Imported, RadiologyError> {
    let mut tx = crate::db::begin_write(conn).await?;
    let kind: Option<(String,)> = sqlx::query_as("SELECT report_type FROM reports WHERE id = $1")
        .bind(report_id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some((kind,)) = kind else { return Err(RadiologyError::NoSuchReport(report_id.into())) };
    let kind = ReportType::parse(&kind).unwrap_or(ReportType::Examination);
    if kind != ReportType::Radiology {
        return Err(RadiologyError::NotRadiology { report: report_id.into(), kind: kind.as_str() });
    }
    let existing: Option<(String, String)> =
        sqlx::query_as("SELECT id, report_id FROM radiology_studies WHERE study_instance_uid = $1")
            .bind(&study.uid)
            .fetch_optional(&mut *tx)
            .await?;
    match existing {
        Some((study_id, on)) if on == report_id => return Ok(Imported::AlreadyThere { study_id }),
        Some((_, on)) => return Err(RadiologyError::StudyOnAnotherReport(on)),
        None => {}
    }
    let (others,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM radiology_studies WHERE report_id = $1")
            .bind(report_id)
            .fetch_one(&mut *tx)
            .await?;
    if others > 0 {
        return Err(RadiologyError::ReportHasAnotherStudy(report_id.into()));
    }
    let study_id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO radiology_studies (id, report_id, study_instance_uid, modalities, body_part, \
         study_date, description, image_count, size_bytes, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&study_id)
    .bind(report_id)
    .bind(&study.uid)
    .bind(study.modalities().join(","))
    .bind(study.body_part.as_deref())
    .bind(study.study_date.map(|d| d.to_string()))
    .bind(study.description.as_deref())
    .bind(study.image_count() as i64)
    .bind(study.size_bytes() as i64)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let mut position = 0_i64;
    for (series_position, series) in study.series.iter().enumerate() {
        let series_id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO radiology_series (id, study_id, series_instance_uid, number, position, \
             modality, description, image_count, preview_png) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&series_id)
        .bind(&study_id)
        .bind(&series.uid)
        .bind(series.number)
        .bind(series_position as i64)
        .bind(&series.modality)
        .bind(series.description.as_deref())
        .bind(series.files.len() as i64)
        .bind(series.preview_png.as_ref().map(|png| STANDARD.encode(png)))
        .execute(&mut *tx)
        .await?;
        for (n, file) in series.files.iter().enumerate() {
            position += 1;
            let name = zip_name(series_position, n);
            sqlx::query(
                "INSERT INTO radiology_files (id, study_id, series_id, sop_instance_uid, position, \
                 file_name, size, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(&study_id)
            .bind(&series_id)
            .bind(&file.sop_uid)
            .bind(position)
            .bind(name)
            .bind(file.bytes.len() as i64)
            .bind(STANDARD.encode(&file.bytes))
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(Imported::New { study_id })
}

/// A file's name in the ZIP: by series and place, never the staff's file names (they may
/// name the patient).
fn zip_name(series: usize, n: usize) -> String {
    format!("DICOM/S{:03}/I{:05}.dcm", series + 1, n + 1)
}

/// Whether report `report_id` of record `record_id` is shown to its patient now: the
/// reports' visibility rule, nothing of its own.
pub async fn report_visible(
    conn: &mut AnyConnection,
    record_id: &str,
    report_id: &str,
    now: DateTime<Utc>,
) -> Result<bool, ServerError> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM reports WHERE id = $1 AND patient_id = $2")
            .bind(report_id)
            .bind(record_id)
            .fetch_one(&mut *conn)
            .await?;
    if count == 0 {
        return Ok(false);
    }
    Ok(crate::reports::shown_from(conn, report_id, now).await?.is_some_and(|from| from <= now))
}

/// The study of a report, as stored (whatever its visibility: callers check it).
pub async fn study_of_report(
    conn: &mut AnyConnection,
    report_id: &str,
) -> Result<Option<RadiologyStudyView>, ServerError> {
    type StudyRow = (String, String, Option<String>, Option<String>, Option<String>, i64, i64);
    let row: Option<StudyRow> = sqlx::query_as(
        "SELECT id, modalities, body_part, study_date, description, image_count, size_bytes \
         FROM radiology_studies WHERE report_id = $1",
    )
    .bind(report_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, modalities, body_part, study_date, description, images, size)) = row else {
        return Ok(None);
    };
    type SeriesRow = (String, Option<i64>, String, Option<String>, i64, i64);
    let series: Vec<SeriesRow> = sqlx::query_as(
        "SELECT id, number, modality, description, image_count, \
         CASE WHEN preview_png IS NULL THEN 0 ELSE 1 END FROM radiology_series \
         WHERE study_id = $1 ORDER BY position",
    )
    .bind(&id)
    .fetch_all(&mut *conn)
    .await?;
    let corrupt = |what: &str| ServerError::Corrupt(format!("radiology study {what}"));
    Ok(Some(RadiologyStudyView {
        id,
        report_id: report_id.to_owned(),
        modalities: modalities.split(',').filter(|m| !m.is_empty()).map(str::to_owned).collect(),
        body_part,
        study_date: match study_date {
            Some(text) => Some(dates::parse_iso(&text).ok_or_else(|| corrupt("date"))?),
            None => None,
        },
        description,
        image_count: u32::try_from(images).map_err(|_| corrupt("count"))?,
        size_bytes: u64::try_from(size).map_err(|_| corrupt("size"))?,
        series: series
            .into_iter()
            .map(|(id, number, modality, description, count, preview)| {
                Ok(RadiologySeriesView {
                    id,
                    number,
                    modality,
                    description,
                    image_count: u32::try_from(count).map_err(|_| corrupt("count"))?,
                    has_preview: preview == 1,
                })
            })
            .collect::<Result<_, ServerError>>()?,
    }))
}

/// A series' preview PNG, when the series is in `study_id` and has one.
pub async fn preview(
    conn: &mut AnyConnection,
    study_id: &str,
    series_id: &str,
) -> Result<Option<Vec<u8>>, ServerError> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT preview_png FROM radiology_series WHERE id = $1 AND study_id = $2")
            .bind(series_id)
            .bind(study_id)
            .fetch_optional(&mut *conn)
            .await?;
    match row.and_then(|(png,)| png) {
        Some(text) => Ok(Some(
            STANDARD.decode(text).map_err(|_| ServerError::Corrupt("radiology preview".into()))?,
        )),
        None => Ok(None),
    }
}

/// The study's files in order: (name in the ZIP, id).
async fn file_list(
    conn: &mut AnyConnection,
    study_id: &str,
) -> Result<Vec<(String, String)>, ServerError> {
    Ok(sqlx::query_as(
        "SELECT file_name, id FROM radiology_files WHERE study_id = $1 ORDER BY position",
    )
    .bind(study_id)
    .fetch_all(&mut *conn)
    .await?)
}

async fn file_bytes(conn: &mut AnyConnection, file_id: &str) -> Result<Vec<u8>, ServerError> {
    let (content,): (String,) = sqlx::query_as("SELECT content FROM radiology_files WHERE id = $1")
        .bind(file_id)
        .fetch_one(&mut *conn)
        .await?;
    STANDARD.decode(content).map_err(|_| ServerError::Corrupt("radiology file".into()))
}

/// A `Write` that hands what is written to an HTTP body in chunks, waiting while the
/// client is slower than the database; fails once the client has gone.
struct ChunkSender {
    sender: tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    buffer: Vec<u8>,
}

const CHUNK_BYTES: usize = 256 * 1024;

impl ChunkSender {
    fn send_buffer(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_BYTES));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

impl std::io::Write for ChunkSender {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send_buffer()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send_buffer()
    }
}

/// The study's DICOM files as a ZIP (stored, not compressed: DICOM pixel data compresses
/// little and costs CPU), written while it is sent: one file from the database at a time,
/// so a large study never sits in memory whole.
pub fn zip_stream(db: crate::Database, study_id: String) -> axum::body::Body {
    let (sender, mut receiver) = tokio::sync::mpsc::channel(4);
    let runtime = tokio::runtime::Handle::current();
    let failed = sender.clone();
    tokio::task::spawn_blocking(move || {
        let result = write_zip(
            &runtime,
            &db,
            &study_id,
            ChunkSender { sender, buffer: Vec::with_capacity(CHUNK_BYTES) },
        );
        if let Err(error) = result {
            tracing::warn!(%error, "radiology study ZIP stopped");
            let _ = failed.blocking_send(Err(std::io::Error::other("the ZIP stopped")));
        }
    });
    let stream = futures_util::stream::poll_fn(move |context| receiver.poll_recv(context));
    axum::body::Body::from_stream(stream)
}

fn write_zip(
    runtime: &tokio::runtime::Handle,
    db: &crate::Database,
    study_id: &str,
    out: ChunkSender,
) -> Result<(), ServerError> {
    use std::io::Write;
    let zip_failed = |e: zip::result::ZipError| ServerError::Io(std::io::Error::other(e));
    let files = runtime.block_on(async {
        let mut conn = db.pool().acquire().await?;
        file_list(&mut conn, study_id).await
    })?;
    let mut zip = zip::ZipWriter::new_stream(out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    for (name, id) in files {
        // A connection per file: a slow client never holds one of the pool for long.
        let bytes = runtime.block_on(async {
            let mut conn = db.pool().acquire().await?;
            file_bytes(&mut conn, &id).await
        })?;
        zip.start_file(name, options).map_err(zip_failed)?;
        zip.write_all(&bytes)?;
    }
    let mut out = zip.finish().map_err(zip_failed)?.into_inner();
    out.flush()?;
    Ok(())
}

/// Every file under `folder`, recursively, in path order, named by their path in it. A
/// DICOMDIR (the index of a CD export) is left out: the files themselves say everything.
pub fn read_folder(folder: &std::path::Path) -> Result<Vec<(String, Vec<u8>)>, RadiologyError> {
    fn walk(
        root: &std::path::Path,
        dir: &std::path::Path,
        out: &mut Vec<(String, Vec<u8>)>,
    ) -> Result<(), RadiologyError> {
        let read = |source| RadiologyError::Read { file: dir.display().to_string(), source };
        let mut entries: Vec<_> =
            std::fs::read_dir(dir).map_err(read)?.collect::<Result<_, _>>().map_err(read)?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = path.strip_prefix(root).unwrap_or(&path).display().to_string();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if !entry.file_name().eq_ignore_ascii_case("DICOMDIR") {
                let bytes = std::fs::read(&path)
                    .map_err(|source| RadiologyError::Read { file: name.clone(), source })?;
                out.push((name, bytes));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(folder, folder, &mut files)?;
    Ok(files)
}

/// What `admin import-study` tells staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub imported: Imported,
    pub series: usize,
    pub images: usize,
    pub without_preview: Vec<String>,
}

/// `admin import-study`: the folder's files as one study on radiology report `report_id`,
/// all or nothing.
pub async fn import_folder(
    db: &crate::Database,
    folder: &std::path::Path,
    report_id: &str,
    now: i64,
) -> Result<ImportSummary, RadiologyError> {
    let folder = folder.to_owned();
    let study = tokio::task::spawn_blocking(move || prepare(read_folder(&folder)?))
        .await
        .map_err(ServerError::from)??;
    let mut conn = db.pool().acquire().await?;
    let imported = store(&mut conn, report_id, &study, now).await?;
    Ok(ImportSummary {
        imported,
        series: study.series.len(),
        images: study.image_count(),
        without_preview: study.without_preview,
    })
}
