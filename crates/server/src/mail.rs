//! E-mail to patients: SMTP in production, lettre's file transport (one `.eml` file per
//! message in an outbox folder) in the demo and in tests. Bodies may hold a password or a
//! link token: they are `Sensitive`, and logs name the kind of message, never the address.

use std::path::PathBuf;

use dossier_api::{Language, Sensitive};
use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, SinglePart, header},
};

use crate::error::ServerError;

/// Where mail goes.
#[derive(Clone)]
pub enum MailSettings {
    /// Each message as a file in this folder.
    Outbox(PathBuf),
    /// An SMTP server: `smtps://user:password@host:465` or `smtp://host:587?tls=required`.
    Smtp(Sensitive<String>),
}

impl MailSettings {
    /// `file:<folder>` or an `smtp://` / `smtps://` URL.
    pub fn parse(value: &str) -> Result<Self, ServerError> {
        if let Some(dir) = value.strip_prefix("file:") {
            Ok(Self::Outbox(PathBuf::from(dir)))
        } else if value.starts_with("smtp://") || value.starts_with("smtps://") {
            Ok(Self::Smtp(Sensitive::new(value.to_owned())))
        } else {
            Err(ServerError::Config("mail: expected file:<folder> or an smtp(s):// URL".into()))
        }
    }
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Outbox(dir) => write!(f, "Outbox({})", dir.display()),
            Self::Smtp(_) => f.write_str("Smtp(<redacted>)"),
        }
    }
}

enum Transport {
    Outbox(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Sends the messages below.
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").finish_non_exhaustive()
    }
}

/// One message, ready to send.
pub struct Mail {
    /// For logs: which message this is.
    pub kind: &'static str,
    pub subject: String,
    pub body: Sensitive<String>,
}

impl Mailer {
    pub fn new(settings: &MailSettings, from: &str) -> Result<Self, ServerError> {
        let from: Mailbox =
            from.parse().map_err(|e| ServerError::Config(format!("mail sender: {e}")))?;
        let transport = match settings {
            MailSettings::Outbox(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|source| ServerError::DataDir { path: dir.clone(), source })?;
                Transport::Outbox(AsyncFileTransport::new(dir))
            }
            MailSettings::Smtp(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|_| ServerError::Config("mail: invalid SMTP URL".into()))?
                    .build(),
            ),
        };
        Ok(Self { transport, from })
    }

    pub async fn send(&self, to: &str, mail: Mail) -> Result<(), ServerError> {
        let to: Mailbox = to.parse().map_err(|_| ServerError::InvalidEmail)?;
        // Base64 transfer encoding: any server accepts it and accents survive.
        let part = SinglePart::builder()
            .header(header::ContentType::TEXT_PLAIN)
            .header(header::ContentTransferEncoding::Base64)
            .body(mail.body.expose().clone());
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .singlepart(part)
            .map_err(|e| ServerError::Mail(e.to_string()))?;
        let result = match &self.transport {
            Transport::Outbox(transport) => {
                transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
            }
            Transport::Smtp(transport) => {
                transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
            }
        };
        match result {
            Ok(()) => {
                tracing::info!(kind = mail.kind, "e-mail sent");
                Ok(())
            }
            Err(error) => {
                tracing::error!(kind = mail.kind, %error, "e-mail not sent");
                Err(ServerError::Mail(error))
            }
        }
    }
}

/// Whether the server can send to this address: one `@`, a dotted domain, no spaces.
pub fn is_valid_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else { return false };
    !local.is_empty()
        && address.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !address.contains(char::is_whitespace)
        && !domain.contains('@')
        && address.parse::<Mailbox>().is_ok()
}

// The messages, in the patient's language.

pub fn card_request_link(language: Language, link: &str) -> Mail {
    let (subject, body) = match language {
        Language::Nl => (
            "Bevestig uw aanvraag van een codekaart",
            format!(
                "Goedendag,\n\nU vroeg een codekaart aan voor Dossier. Bevestig uw aanvraag via deze link (24 uur geldig):\n\n{link}\n\nVroeg u niets aan? Dan mag u dit bericht negeren.\n\nDossier"
            ),
        ),
        Language::Fr => (
            "Confirmez votre demande de carte de codes",
            format!(
                "Bonjour,\n\nVous avez demandé une carte de codes pour Dossier. Confirmez votre demande par ce lien (valable 24 heures) :\n\n{link}\n\nVous n’avez rien demandé ? Ignorez ce message.\n\nDossier"
            ),
        ),
        Language::En => (
            "Confirm your request for a code card",
            format!(
                "Hello,\n\nYou asked for a Dossier code card. Confirm your request with this link (valid for 24 hours):\n\n{link}\n\nDid not ask for anything? You can ignore this message.\n\nDossier"
            ),
        ),
    };
    Mail { kind: "card_request_link", subject: subject.into(), body: Sensitive::new(body) }
}

pub fn new_user_credentials(
    language: Language,
    given_name: &str,
    user_name: &str,
    password: &Sensitive<String>,
) -> Mail {
    let password = password.expose();
    let (subject, body) = match language {
        Language::Nl => (
            "Uw gebruikersnaam en wachtwoord voor Dossier",
            format!(
                "Beste {given_name},\n\nWelkom bij Dossier. Hiermee meldt u zich aan, samen met uw codekaart:\n\nGebruikersnaam: {user_name}\nWachtwoord: {password}\n\nNa het aanmelden kunt u beide wijzigen in de instellingen. Uw codekaart komt met de post.\n\nDossier"
            ),
        ),
        Language::Fr => (
            "Votre nom d’utilisateur et votre mot de passe pour Dossier",
            format!(
                "Bonjour {given_name},\n\nBienvenue dans Dossier. Vous vous connectez avec ces données et votre carte de codes :\n\nNom d’utilisateur : {user_name}\nMot de passe : {password}\n\nAprès la connexion, vous pouvez modifier les deux dans les paramètres. Votre carte de codes arrive par la poste.\n\nDossier"
            ),
        ),
        Language::En => (
            "Your Dossier user name and password",
            format!(
                "Dear {given_name},\n\nWelcome to Dossier. You log in with these, together with your code card:\n\nUser name: {user_name}\nPassword: {password}\n\nOnce logged in, you can change both in the settings. Your code card comes by post.\n\nDossier"
            ),
        ),
    };
    Mail { kind: "new_user_credentials", subject: subject.into(), body: Sensitive::new(body) }
}

pub fn card_posted(language: Language, given_name: &str, new_user: bool) -> Mail {
    let (subject, body) = match (language, new_user) {
        (Language::Nl, false) => (
            "Uw nieuwe codekaart komt met de post",
            format!(
                "Beste {given_name},\n\nUw nieuwe codekaart wordt naar uw thuisadres gestuurd. Uw wachtwoord blijft hetzelfde. Zodra u de nieuwe kaart hebt, werkt de vorige niet meer.\n\nDossier"
            ),
        ),
        (Language::Nl, true) => (
            "Uw codekaart komt met de post",
            format!(
                "Beste {given_name},\n\nUw codekaart wordt naar uw thuisadres gestuurd. Uw gebruikersnaam en wachtwoord kreeg u in een aparte e-mail.\n\nDossier"
            ),
        ),
        (Language::Fr, false) => (
            "Votre nouvelle carte de codes arrive par la poste",
            format!(
                "Bonjour {given_name},\n\nVotre nouvelle carte de codes est envoyée à votre domicile. Votre mot de passe reste le même. L’ancienne carte ne fonctionne plus.\n\nDossier"
            ),
        ),
        (Language::Fr, true) => (
            "Votre carte de codes arrive par la poste",
            format!(
                "Bonjour {given_name},\n\nVotre carte de codes est envoyée à votre domicile. Vous avez reçu votre nom d’utilisateur et votre mot de passe dans un autre e-mail.\n\nDossier"
            ),
        ),
        (Language::En, false) => (
            "Your new code card is in the post",
            format!(
                "Dear {given_name},\n\nYour new code card is being posted to your home address. Your password stays the same. Your previous card no longer works.\n\nDossier"
            ),
        ),
        (Language::En, true) => (
            "Your code card is in the post",
            format!(
                "Dear {given_name},\n\nYour code card is being posted to your home address. You received your user name and password in a separate e-mail.\n\nDossier"
            ),
        ),
    };
    Mail { kind: "card_posted", subject: subject.into(), body: Sensitive::new(body) }
}

pub fn password_reset_link(language: Language, given_name: &str, link: &str) -> Mail {
    let (subject, body) = match language {
        Language::Nl => (
            "Nieuw wachtwoord voor Dossier",
            format!(
                "Beste {given_name},\n\nKies een nieuw wachtwoord via deze link (1 uur geldig, één keer te gebruiken):\n\n{link}\n\nVroeg u dit niet aan? Negeer dit bericht: uw wachtwoord blijft dan ongewijzigd.\n\nDossier"
            ),
        ),
        Language::Fr => (
            "Nouveau mot de passe pour Dossier",
            format!(
                "Bonjour {given_name},\n\nChoisissez un nouveau mot de passe par ce lien (valable 1 heure, utilisable une fois) :\n\n{link}\n\nVous n’avez rien demandé ? Ignorez ce message : votre mot de passe ne change pas.\n\nDossier"
            ),
        ),
        Language::En => (
            "New password for Dossier",
            format!(
                "Dear {given_name},\n\nChoose a new password with this link (valid for 1 hour, works once):\n\n{link}\n\nDid not ask for this? Ignore this message: your password stays as it is.\n\nDossier"
            ),
        ),
    };
    Mail { kind: "password_reset_link", subject: subject.into(), body: Sensitive::new(body) }
}

/// Staff decided on a parent's request for a child's record. A refusal gives staff's
/// reason as they wrote it.
pub fn link_request_decided(
    language: Language,
    given_name: &str,
    child_given_name: &str,
    refusal: Option<&str>,
) -> Mail {
    let (subject, body) = match (language, refusal) {
        (Language::Nl, None) => (
            "Uw aanvraag voor het dossier van uw kind is goedgekeurd",
            format!(
                "Beste {given_name},\n\nU kunt het dossier van {child_given_name} nu openen in de app: kies het bij \"Dossiers\" na het bijwerken.\n\nDossier"
            ),
        ),
        (Language::Nl, Some(reason)) => (
            "Uw aanvraag voor het dossier van uw kind",
            format!(
                "Beste {given_name},\n\nUw aanvraag voor het dossier van {child_given_name} werd niet goedgekeurd. De reden:\n\n{reason}\n\nU vindt uw aanvragen ook in de app.\n\nDossier"
            ),
        ),
        (Language::Fr, None) => (
            "Votre demande pour le dossier de votre enfant est acceptée",
            format!(
                "Bonjour {given_name},\n\nVous pouvez maintenant ouvrir le dossier de {child_given_name} dans l’app : choisissez-le sous « Dossiers » après la mise à jour.\n\nDossier"
            ),
        ),
        (Language::Fr, Some(reason)) => (
            "Votre demande pour le dossier de votre enfant",
            format!(
                "Bonjour {given_name},\n\nVotre demande pour le dossier de {child_given_name} n’a pas été acceptée. La raison :\n\n{reason}\n\nVos demandes figurent aussi dans l’app.\n\nDossier"
            ),
        ),
        (Language::En, None) => (
            "Your request for your child's record was approved",
            format!(
                "Dear {given_name},\n\nYou can now open {child_given_name}'s record in the app: choose it under \"Records\" after an update.\n\nDossier"
            ),
        ),
        (Language::En, Some(reason)) => (
            "Your request for your child's record",
            format!(
                "Dear {given_name},\n\nYour request for {child_given_name}'s record was not approved. The reason:\n\n{reason}\n\nYou also find your requests in the app.\n\nDossier"
            ),
        ),
    };
    Mail { kind: "link_request_decided", subject: subject.into(), body: Sensitive::new(body) }
}

/// Staff confirmed the trusted person a patient named.
pub fn trusted_person_confirmed(language: Language, given_name: &str, person: &str) -> Mail {
    let (subject, body) = match language {
        Language::Nl => (
            "Uw vertrouwenspersoon is bevestigd",
            format!(
                "Beste {given_name},\n\n{person} is nu uw vertrouwenspersoon, met de rechten die u koos. U kunt dit op elk moment intrekken in de app, bij \"Wie kan mijn dossier openen\".\n\nDossier"
            ),
        ),
        Language::Fr => (
            "Votre personne de confiance est confirmée",
            format!(
                "Bonjour {given_name},\n\n{person} est maintenant votre personne de confiance, avec les droits que vous avez choisis. Vous pouvez y mettre fin à tout moment dans l’app, sous « Qui peut ouvrir mon dossier ».\n\nDossier"
            ),
        ),
        Language::En => (
            "Your trusted person is confirmed",
            format!(
                "Dear {given_name},\n\n{person} is now your trusted person, with the rights you chose. You can revoke this at any time in the app, under \"Who can open my record\".\n\nDossier"
            ),
        ),
    };
    Mail { kind: "trusted_person_confirmed", subject: subject.into(), body: Sensitive::new(body) }
}

/// To the address that was replaced: someone changed it in the personal details.
pub fn email_changed(language: Language, given_name: &str) -> Mail {
    let (subject, body) = match language {
        Language::Nl => (
            "Uw e-mailadres in Dossier werd gewijzigd",
            format!(
                "Beste {given_name},\n\nHet e-mailadres van uw dossier werd zonet gewijzigd; dit adres krijgt geen berichten van Dossier meer. Deed u dit niet zelf? Bel dan de servicedesk van uw ziekenhuis.\n\nDossier"
            ),
        ),
        Language::Fr => (
            "Votre adresse e-mail a été modifiée dans Dossier",
            format!(
                "Bonjour {given_name},\n\nL’adresse e-mail de votre dossier vient d’être modifiée ; cette adresse ne recevra plus de messages de Dossier. Ce n’était pas vous ? Appelez le service desk de votre hôpital.\n\nDossier"
            ),
        ),
        Language::En => (
            "Your e-mail address in Dossier was changed",
            format!(
                "Dear {given_name},\n\nThe e-mail address of your record was just changed; this address will no longer get messages from Dossier. Was this not you? Call your hospital's service desk.\n\nDossier"
            ),
        ),
    };
    Mail { kind: "email_changed", subject: subject.into(), body: Sensitive::new(body) }
}

/// Something new arrived in a record the person follows. Never what (no medical content).
pub fn something_new(language: Language, given_name: &str) -> Mail {
    let (subject, body) = match language {
        Language::Nl => (
            "U hebt iets nieuws in Dossier",
            format!(
                "Beste {given_name},\n\nEr is iets nieuws in Dossier. Open de app om het te bekijken.\n\nU krijgt dit bericht hoogstens één keer per uur. U kunt het uitzetten in de app, bij \"Meldingen\".\n\nDossier"
            ),
        ),
        Language::Fr => (
            "Vous avez du nouveau dans Dossier",
            format!(
                "Bonjour {given_name},\n\nIl y a du nouveau dans Dossier. Ouvrez l’app pour le voir.\n\nVous recevez ce message au plus une fois par heure. Vous pouvez le désactiver dans l’app, sous « Notifications ».\n\nDossier"
            ),
        ),
        Language::En => (
            "You have something new in Dossier",
            format!(
                "Dear {given_name},\n\nThere is something new in Dossier. Open the app to see it.\n\nYou get this message at most once an hour. You can turn it off in the app, under \"Notifications\".\n\nDossier"
            ),
        ),
    };
    Mail { kind: "something_new", subject: subject.into(), body: Sensitive::new(body) }
}

/// An appointment tomorrow. Not where or with whom (a department says too much).
pub fn appointment_reminder(language: Language, given_name: &str) -> Mail {
    let (subject, body) = match language {
        Language::Nl => (
            "Herinnering: morgen een afspraak",
            format!(
                "Beste {given_name},\n\nEr staat morgen een afspraak in Dossier. Open de app voor het uur, de plaats en wat u moet meebrengen.\n\nU kunt deze herinneringen uitzetten in de app, bij \"Meldingen\".\n\nDossier"
            ),
        ),
        Language::Fr => (
            "Rappel : un rendez-vous demain",
            format!(
                "Bonjour {given_name},\n\nUn rendez-vous est prévu demain dans Dossier. Ouvrez l’app pour l’heure, le lieu et ce qu’il faut apporter.\n\nVous pouvez désactiver ces rappels dans l’app, sous « Notifications ».\n\nDossier"
            ),
        ),
        Language::En => (
            "Reminder: an appointment tomorrow",
            format!(
                "Dear {given_name},\n\nThere is an appointment tomorrow in Dossier. Open the app for the time, the place and what to bring.\n\nYou can turn these reminders off in the app, under \"Notifications\".\n\nDossier"
            ),
        ),
    };
    Mail { kind: "appointment_reminder", subject: subject.into(), body: Sensitive::new(body) }
}

/// Questionnaires wait: the link with its code (the page asks the patient's date of
/// birth). Never which questionnaire or which hospital: an e-mail is read by others too.
/// `for_whom`: the patient's given name when the mail goes to a parent or representative.
pub fn questionnaires_waiting(
    language: Language,
    given_name: &str,
    for_whom: Option<&str>,
    link: &str,
) -> Mail {
    let (subject, intro, button, steps) = match language {
        Language::Nl => (
            "Vragenlijst(en) in te vullen in Dossier",
            match for_whom {
                Some(name) => {
                    format!("Het ziekenhuis stuurde een of meer vragenlijsten voor {name}.")
                }
                None => "Het ziekenhuis stuurde u een of meer vragenlijsten.".to_owned(),
            },
            "Vragenlijst(en) invullen",
            "De pagina vult de code zelf in. Geef dan de geboortedatum van de patiënt in (zoals 01/01/2000) en klik op 'Aanmelden'. De link werkt 30 dagen. U vindt de vragenlijsten ook in de app.",
        ),
        Language::Fr => (
            "Questionnaire(s) à remplir dans Dossier",
            match for_whom {
                Some(name) => {
                    format!("L’hôpital a envoyé un ou plusieurs questionnaires pour {name}.")
                }
                None => "L’hôpital vous a envoyé un ou plusieurs questionnaires.".to_owned(),
            },
            "Remplir le(s) questionnaire(s)",
            "La page remplit le code elle-même. Indiquez ensuite la date de naissance du patient (comme 01/01/2000) et cliquez sur « Se connecter ». Le lien fonctionne 30 jours. Vous trouvez aussi les questionnaires dans l’app.",
        ),
        Language::En => (
            "Questionnaire(s) to fill in in Dossier",
            match for_whom {
                Some(name) => format!("The hospital sent one or more questionnaires for {name}."),
                None => "The hospital sent you one or more questionnaires.".to_owned(),
            },
            "Fill in questionnaire(s)",
            "The page fills in the code itself. Then enter the patient's date of birth (like 01/01/2000) and click 'Log in'. The link works for 30 days. You also find the questionnaires in the app.",
        ),
    };
    let greeting = match language {
        Language::Nl => "Beste",
        Language::Fr => "Bonjour",
        Language::En => "Dear",
    };
    let body =
        format!("{greeting} {given_name},\n\n{intro}\n\n{button}:\n{link}\n\n{steps}\n\nDossier");
    Mail { kind: "questionnaires_waiting", subject: subject.into(), body: Sensitive::new(body) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_only() {
        for ok in ["an.peeters@example.be", "x+tag@sub.example.org"] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in
            ["", "an", "an@", "@example.be", "an@example", "a n@example.be", "a@b@c.be", "an@.be"]
        {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn settings_never_print_the_smtp_password() {
        let settings = MailSettings::parse("smtps://mailer:s3cret@smtp.example.be:465").unwrap();
        assert!(!format!("{settings:?}").contains("s3cret"));
        assert!(matches!(MailSettings::parse("file:/tmp/outbox"), Ok(MailSettings::Outbox(_))));
        assert!(MailSettings::parse("carrier-pigeon").is_err());
    }
}
