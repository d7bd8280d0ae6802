# Dossier, français.

app-name = Dossier
language-switch-label = Langue
back = Retour

welcome-title = Bienvenue dans Dossier
welcome-intro = Vos rapports validés de tous les hôpitaux partenaires, sur vos propres appareils, même hors connexion.
welcome-keys-lost = Le trousseau de cet ordinateur ne contient plus les clés de « { $name } » (il a été réinitialisé, ou un autre programme les a supprimées). Les rapports gardés sur cet appareil ne pouvaient plus être lus et ont été effacés. Connectez-vous avec votre carte de codes pour enregistrer à nouveau cet appareil.
welcome-login = Se connecter avec la carte de codes
welcome-help-heading = Pas encore d’accès, ou un problème ?
welcome-request-card = Demander une carte de codes
welcome-forgot-password = Mot de passe oublié ?
welcome-block-card = Carte perdue ? Bloquez-la

connection-heading = Connexion
connection-checking = Vérification de la connexion…
connection-connected = Connecté au serveur de l’hôpital
connection-server-version = Version du serveur { $version }
connection-offline = Pas de connexion
connection-offline-unreachable = Le serveur de l’hôpital est injoignable. Vérifiez votre connexion internet.
connection-offline-timeout = Le serveur de l’hôpital met trop de temps à répondre.
connection-offline-server-error = Le serveur de l’hôpital rencontre un problème. Réessayez dans quelques minutes.
connection-offline-not-dossier = Cette adresse ne mène pas à un serveur Dossier.
connection-incompatible = Cette version de Dossier est trop ancienne pour le serveur de l’hôpital. Mettez l’application à jour.
connection-retry = Réessayer
connection-retrying = Vérification…
connection-server-address = Serveur : { $server }

app-unavailable = Dossier ne parvient pas à joindre son propre cœur. Fermez puis rouvrez l’application.

field-user-name = Nom d’utilisateur
field-password = Mot de passe
field-code = Code { $index }
field-register-number = Numéro de registre national
field-register-number-hint = 11 chiffres, au dos de votre carte d’identité
field-email = Adresse e-mail
field-new-user-name = Nouveau nom d’utilisateur
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
field-repeat-password = Répétez le nouveau mot de passe
field-required = Veuillez remplir ce champ.

login-title = Connexion
login-intro = Saisissez le nom d’utilisateur et le mot de passe reçus avec votre carte de codes.
login-next = Suivant
login-busy = Un instant…

code-title = Saisissez le code { $index }
code-intro = Prenez votre carte de codes et saisissez le code à côté du numéro { $index }.
code-last = C’est le dernier code inutilisé de votre carte. Après cette connexion, demandez une nouvelle carte : votre mot de passe reste le même.
code-refused-title = Le code n’a pas été accepté
code-refused-intro = Pour votre sécurité, cette tentative de connexion est terminée. Recommencez : votre nom d’utilisateur est conservé, saisissez à nouveau votre mot de passe puis le code demandé.
code-card-label = Votre carte de codes : le code { $index } est indiqué
code-submit = Se connecter
code-restart = Recommencer

home-title = Dossier de { $name }
home-born = Né(e) le { $date }
home-user-name = Connecté(e) en tant que { $user }
home-card-heading = Votre carte de codes
home-card-serial = Carte { $serial }
home-codes-left = { $count ->
    [one] Encore 1 code inutilisé
   *[other] Encore { $count } codes inutilisés
}
home-few-codes = Il reste peu de codes sur votre carte : demandez dès maintenant une nouvelle carte. Votre mot de passe reste le même.
home-no-card = Vous n’avez pas de carte de codes utilisable. Demandez-en une nouvelle pour pouvoir encore vous connecter.
home-settings = Paramètres
home-logout = Se déconnecter

settings-title = Paramètres
settings-user-name-heading = Modifier votre nom d’utilisateur
settings-user-name-save = Enregistrer le nom d’utilisateur
settings-user-name-done = Votre nom d’utilisateur est maintenant { $user }.
settings-password-heading = Modifier votre mot de passe
settings-password-rules = Au moins 8 caractères. Une phrase de quelques mots est facile à retenir et difficile à deviner.
settings-password-save = Enregistrer le mot de passe
settings-password-done = Votre mot de passe a été modifié. Les autres appareils ont été déconnectés.

forgot-title = Mot de passe oublié ?
forgot-intro = Saisissez votre nom d’utilisateur. Nous envoyons un lien pour choisir un nouveau mot de passe à l’adresse e-mail de votre compte.
forgot-submit = Envoyer le lien
forgot-done = Si ce nom d’utilisateur a une adresse e-mail, un lien est en route. Il fonctionne 1 heure.

block-title = Bloquer une carte perdue
block-intro = Carte de codes perdue ou volée ? Bloquez-la maintenant : plus personne ne peut se connecter avec elle.
block-submit = Bloquer la carte
block-done = La carte { $serial } est bloquée. Demandez une nouvelle carte : votre mot de passe reste le même.

request-title = Demander une carte de codes
request-intro = Connu(e) dans l’un de nos hôpitaux et un numéro de registre national belge ? Nous envoyons une carte à votre domicile.
request-foreign = Pas de numéro de registre national belge ? Demandez une carte de codes au guichet d’inscription de votre hôpital.
request-submit = Demander la carte
request-done = Consultez votre boîte mail : si vous êtes connu(e) dans l’un de nos hôpitaux, vous recevrez d’ici quelques minutes un e-mail avec un lien pour confirmer votre demande. La carte est ensuite envoyée à votre domicile.

error-no-connection = Pas de connexion. Vérifiez votre connexion internet et réessayez.
error-server-problem = Le serveur rencontre un problème. Réessayez dans quelques minutes.
error-app-outdated = Cette version de Dossier est trop ancienne. Mettez l’application à jour.
error-login-failed = Le nom d’utilisateur, le mot de passe ou le code est incorrect.
error-login-expired = La connexion a pris trop de temps. Recommencez.
error-slowed-down = { $seconds ->
    [one] Trop de tentatives. Réessayez dans 1 seconde.
   *[other] Trop de tentatives. Réessayez dans { $seconds } secondes.
}
error-account-locked = Votre compte est bloqué après trop de tentatives. Choisissez un nouveau mot de passe via « Mot de passe oublié ? » ou appelez le service desk.
error-card-blocked = Cette carte est bloquée : demandez-en une nouvelle.
error-no-codes-left = Tous les codes de cette carte ont été utilisés : demandez une nouvelle carte.
error-account-closed = L’accès à ce dossier est fermé.
error-not-logged-in = Votre session a pris fin. Reconnectez-vous.
error-password-too-short = Le mot de passe doit compter au moins { $min } caractères.
error-password-too-long = Le mot de passe peut compter au plus { $max } caractères.
error-password-too-common = Ce mot de passe est trop courant. Choisissez-en un autre.
error-password-contains-user-name = Le mot de passe ne peut pas contenir votre nom d’utilisateur.
error-password-mismatch = Les deux nouveaux mots de passe ne sont pas identiques.
error-user-name-length = Un nom d’utilisateur compte de { $min } à { $max } caractères.
error-user-name-characters = N’utilisez dans un nom d’utilisateur que des lettres sans accents (a-z), des chiffres et . _ - @.
error-user-name-taken = Ce nom d’utilisateur est déjà pris. Choisissez-en un autre.
error-invalid-email = Cette adresse e-mail n’est pas valide.
error-invalid-register-number = Ce numéro de registre national n’est pas valide. Vérifiez les 11 chiffres au dos de votre carte d’identité.
error-unexpected = Un problème est survenu. Réessayez.

pin-title = Saisissez votre code PIN
pin-intro = Cet appareil est enregistré sous le nom { $name }.
field-pin = Code PIN
pin-submit = Ouvrir
pin-forgot = Code PIN oublié ? Enregistrez à nouveau avec votre carte de codes

register-title = Enregistrer cet appareil
register-again-title = Enregistrer à nouveau cet appareil
register-intro = La prochaine fois, ouvrez Dossier avec un code PIN de 6 chiffres au lieu de votre carte de codes.
field-device-name = Nom de cet appareil
field-new-pin = Nouveau code PIN (6 chiffres)
field-repeat-pin = Répétez le code PIN
register-pin-rules = Pas de chiffre répété ou doublé (comme 112233), pas de suite comme 123456, pas votre date de naissance, et aucun des codes PIN les plus courants.
register-submit = Enregistrer
register-skip = Pas maintenant : je suis sur un ordinateur partagé
register-skip-hint = Rien ne reste sur cet ordinateur, et fermer Dossier vous déconnecte.

blocked-title = Cet appareil est bloqué
blocked-intro = Après 5 codes PIN erronés d’affilée (avec ou sans connexion), cet appareil ne peut plus ouvrir votre dossier : ses clés et les rapports qu’il gardait ont été effacés. Enregistrez-le à nouveau avec votre carte de codes.
blocked-register = Enregistrer à nouveau avec la carte de codes
removed-title = Cet appareil a été retiré
removed-intro = Il a été retiré de votre compte, et les données qu’il gardait ont été effacées.

home-offline = Pas de connexion : vous voyez ce qui est enregistré sur cet appareil.
home-lock = Verrouiller

settings-devices = Mes appareils
settings-pin-heading = Modifier votre code PIN
field-current-pin = Code PIN actuel
settings-pin-save = Enregistrer le code PIN
settings-pin-done = Votre code PIN a été modifié.
settings-unregister-heading = Désenregistrer cet appareil
settings-unregister-intro = Efface les clés de cet appareil et tout ce qu’il garde. La prochaine fois, connectez-vous avec votre carte de codes.
settings-unregister = Désenregistrer cet appareil

devices-title = Mes appareils
devices-this = Cet appareil
devices-last-used = Dernière utilisation le { $date }
devices-registered-on = Enregistré le { $date }
devices-blocked = Bloqué
devices-remove = Retirer
devices-removed = { $name } a été retiré. Au prochain contact, il efface ce qu’il gardait.
confirm-cancel = Annuler
settings-unregister-question = Désenregistrer cet appareil ? Ses clés et les rapports qui y sont enregistrés sont effacés maintenant. Pour réutiliser l’application ici, il vous faudra votre carte de codes.
settings-unregister-confirm = Oui, désenregistrer et effacer
devices-remove-question = Retirer « { $name } » ? Il ne pourra plus ouvrir votre dossier et effacera les rapports qu’il gardait lors de son prochain contact. Pour le réutiliser, enregistrez-le avec votre carte de codes.
devices-remove-confirm = Oui, le retirer

error-wrong-pin = { $tries ->
    [one] Code PIN erroné, encore 1 essai.
   *[other] Code PIN erroné, encore { $tries } essais.
}
error-device-blocked = Cet appareil est bloqué après trop de codes PIN erronés. Enregistrez-le à nouveau avec votre carte de codes.
error-device-removed = Cet appareil a été retiré de votre compte. Enregistrez-le à nouveau avec votre carte de codes.
error-storage-full = Le stockage de cet appareil est plein. Libérez au moins { $megabytes } Mo et réessayez (pour les rapports : « Mettre à jour »). Ce qui est déjà enregistré reste disponible.
error-pin-length = Un code PIN compte 6 chiffres.
error-pin-not-digits = Un code PIN ne contient que des chiffres.
error-pin-repeated = Choisissez un code PIN sans chiffres ni groupes répétés (comme 111222, 112233 ou 121212).
error-pin-common = Ce code PIN fait partie des 10 000 codes les plus courants, que quelqu’un qui devine essaie en premier. Choisissez-en un autre.
error-pin-run = Choisissez un code PIN qui n’est pas une suite comme 123456.
error-pin-birth-date = Choisissez un code PIN qui n’est pas votre date de naissance.
error-pin-mismatch = Les deux codes PIN ne sont pas identiques.
error-not-registered = Cet appareil n’est pas enregistré. Connectez-vous avec votre carte de codes.
error-keychain-unavailable = Cet appareil ne peut pas garder des clés en sécurité et ne peut donc pas être enregistré. Vous pouvez toujours vous connecter avec votre carte de codes.

home-reports = Vos rapports
reports-title = Vos rapports
reports-title-of = Rapports de { $given }
reports-update = Mettre à jour
reports-your-hospitals = Vos hôpitaux : ce que vous voyez et quand
reports-search = Chercher dans les titres, textes et analyses
reports-search-example = p. ex. cholestérol
reports-filter-type = Type
reports-filter-hospital = Hôpital
reports-all-types = Tous les types
reports-all-hospitals = Tous les hôpitaux
reports-loading = Ouverture de vos rapports…
reports-none = Pas encore de rapport. Les rapports validés apparaissent ici dès leur publication.
reports-no-match = Aucun rapport ne correspond à ces filtres.
reports-show-more = Afficher { $count } de plus ({ $rest } non affichés)
reports-syncing = { $count ->
    [one] Mise à jour… 1 rapport reçu
   *[other] Mise à jour… { $count } rapports reçus
}
reports-last-updated = Dernière mise à jour : { $time }
reports-never-updated = Pas encore mis à jour.
reports-offline = Hors connexion — dernière mise à jour : { $time }. Vous voyez les rapports enregistrés sur cet appareil.
reports-offline-never = Hors connexion : rien n’est encore enregistré sur cet appareil.
report-amended = Modifié
report-out-of-range = hors normes
report-hospital = Hôpital
report-author = Auteur
report-performed = Réalisé le
report-validated = Validé le
lab-analyte = Analyse
lab-value = Résultat
lab-unit = Unité
lab-range = Valeurs de référence
lab-legend = ↑ au-dessus des valeurs de référence · ↓ en dessous · ! résultat anormal. Votre médecin vous explique ce qu’un résultat signifie pour vous.
type-lab-result = Résultat de laboratoire
type-radiology = Radiologie
type-consultation = Consultation
type-admission = Hospitalisation
type-functional = Examen fonctionnel
type-examination = Examen
hospitals-title = Vos hôpitaux
hospitals-intro = Ce que chaque hôpital partenaire montre en ligne, et quand. Les rapports pas encore validés, ou protégés par votre équipe soignante, ne sont pas affichés.
hospitals-pending = En route
hospitals-pending-item = { $type } de { $hospital } : visible le { $date }
hospitals-from = Les rapports à partir du { $date } sont affichés.
hospitals-no-delay = Les rapports validés apparaissent tout de suite.
hospitals-delay = { $days ->
    [one] { $type } de { $hospital } : visible 1 jour après la validation.
   *[other] { $type } de { $hospital } : visible { $days } jours après la validation.
}
hospitals-no-child-reports = Les rapports des enfants de moins de 15 ans ne sont pas affichés en ligne ; demandez une copie à l’hôpital.

error-save-failed = Le PDF n’a pas pu être enregistré à cet endroit. Choisissez un autre dossier et réessayez.
report-save-pdf = Enregistrer en PDF
report-print = Imprimer
report-pdf-saved = Enregistré sous { $file }
report-pdf-dialog = Enregistrer le rapport en PDF
report-new = Nouveau
reports-new-count = { $count ->
    [one] 1 nouveau rapport depuis votre dernière visite
   *[other] { $count } nouveaux rapports depuis votre dernière visite
}
pdf-patient = Patient
pdf-amended = Version modifiée { $version }
pdf-out-of-range = hors des valeurs de référence
pdf-footer = Copie enregistrée depuis Dossier le { $date }. Le dossier de l’hôpital fait foi.
pdf-page = Page
records-title = Quel dossier
records-intro = Votre propre dossier, et les dossiers que vous pouvez ouvrir pour quelqu’un d’autre.
records-open = Ouvrir
records-current = Affiché
records-switch = Dossiers
relation-own = votre propre dossier
relation-child = votre enfant { $given }, { $age } ans
relation-trusted-person = { $name } — vous êtes sa personne de confiance
relation-representative = { $name } — vous êtes son représentant
records-banner = Vous consultez le dossier de { $who }.
records-back-to-own = Retour à mon dossier
records-closed = Le dossier de { $name } ne peut plus être ouvert dans cette app.
records-closed-ok = Compris
records-closed-fifteen = { $given } a eu 15 ans : son dossier lui appartient maintenant. { $given } peut vous désigner comme personne de confiance depuis son propre dossier.
records-closed-period = La période pendant laquelle vous pouviez ouvrir le dossier de { $name } est terminée.
records-ask = Demander le dossier de votre enfant
home-record-access = Qui peut ouvrir mon dossier
ask-title = Le dossier de votre enfant
ask-intro = En tant que parent, vous pouvez ouvrir le dossier de votre enfant de moins de 15 ans. Complétez les données de votre enfant ; l’hôpital les vérifie et vous répond, dans l’app et par e-mail.
field-given-name = Prénom
field-family-name = Nom
field-date-of-birth = Date de naissance
field-child-register-number = Numéro de registre national de votre enfant
ask-register-number-hint = 11 chiffres, au dos de la Kids-ID.
field-child-patient-number = Ou : le numéro de patient de l’hôpital
ask-patient-number-hint = Pour un enfant sans numéro de registre belge : sur un courrier ou un bracelet de l’hôpital.
field-document = Un document (facultatif)
ask-document-hint = Par exemple un acte de naissance ou une décision de justice : PDF, JPEG ou PNG, 10 Mo maximum.
ask-parental-authority = Je déclare exercer l’autorité parentale sur cet enfant.
ask-submit = Envoyer la demande
ask-requests-heading = Vos demandes
ask-none = Vous n’avez encore demandé aucun dossier d’enfant.
ask-status-waiting = En attente de l’hôpital
ask-status-approved = Acceptée : le dossier figure dans votre liste de dossiers
ask-status-refused = Non acceptée. La raison de l’hôpital :
ask-asked-on = Demandé le { $date }
access-title = Qui peut ouvrir mon dossier
access-intro = Outre vous-même, ces personnes peuvent ouvrir votre dossier ou l’ont demandé. Vous pouvez retirer une personne de confiance à tout moment.
access-nobody = Personne d’autre que vous ne peut ouvrir votre dossier.
access-kind-parent = Parent
access-kind-trusted-person = Personne de confiance
access-kind-representative = Représentant
access-waiting = En attente de confirmation par l’hôpital
access-period = Du { $since } au { $until }
access-since = Depuis le { $since }, jusqu’à ce que vous y mettiez fin
right-view-record = Ouvrir votre dossier dans l’app
right-be-informed = Être informé(e) de votre santé
right-ask-for-copy = Demander une copie de votre dossier
access-mandate = Mandat : { $reference }
access-revoke = Retirer
access-revoke-question = { $name } ne pourra plus ouvrir votre dossier, dès maintenant. Retirer ?
access-revoke-confirm = Oui, retirer
trusted-heading = Désigner une personne de confiance
trusted-intro = Une personne de confiance, connue dans l’un de nos hôpitaux, peut suivre votre dossier avec vous. L’hôpital le confirme.
trusted-rights = Que peut-elle faire ?
field-until = Jusqu’au (facultatif)
trusted-until-hint = Laissez vide : jusqu’à ce que vous y mettiez fin.
field-your-pin = Votre code PIN
trusted-confirm-hint = Ceci vaut signature.
trusted-done = Envoyé. L’hôpital le confirme ; vous le voyez ci-dessus.
trusted-submit = Désigner cette personne
error-record-closed = Ce dossier ne peut plus être ouvert.
error-link-name = Vérifiez le prénom et le nom.
error-link-date-of-birth = Vérifiez la date de naissance.
error-link-not-a-child = Votre enfant a 15 ans ou plus : il peut obtenir sa propre carte de codes et vous désigner comme personne de confiance.
error-link-register-number = Ce numéro de registre n’est pas valable ou ne correspond pas à la date de naissance.
error-link-no-identifier = Indiquez le numéro de registre ou le numéro de patient de l’hôpital.
error-link-no-statement = Cochez la déclaration d’autorité parentale.
error-link-for-oneself = Il s’agit de votre propre dossier.
error-link-already-asked = Vous avez déjà demandé ce dossier, ou vous pouvez déjà l’ouvrir.
error-link-document-type = Le document doit être un PDF, JPEG ou PNG.
error-link-document-too-large = Le document dépasse 10 Mo.
error-trusted-not-own-record = Uniquement depuis votre propre dossier.
error-trusted-register-number = Nous ne trouvons personne avec ce nom et ce numéro de registre. Vérifiez les deux.
error-trusted-oneself = Vous ne pouvez pas vous désigner vous-même.
error-trusted-no-rights = Choisissez au moins une chose que cette personne peut faire.
error-trusted-end-date = La date de fin est dans le passé.
error-trusted-not-confirmed = Confirmez avec votre code PIN sur cet appareil.
error-trusted-already-linked = Cette personne peut déjà ouvrir votre dossier, ou attend la confirmation.

## « Accès » : qui peut voir un dossier, qui l’a consulté
care-title = Accès
care-title-of = Accès au dossier de { $given }
care-who-may = { $whose ->
        [other] Qui peut voir le dossier de { $given }
       *[own] Qui peut voir mon dossier
    }
care-who-did = { $whose ->
        [other] Qui a consulté le dossier de { $given }
       *[own] Qui a consulté mon dossier
    }
care-who-may-intro = Qui peut ouvrir ce dossier, et à quel titre. Chaque changement s’applique aussitôt et est inscrit au journal.
care-teams-heading = Équipes de soins
care-teams-note = { $whose ->
        [other] Les prestataires qui soignent { $given } dans un hôpital partenaire peuvent toujours voir son dossier ; personne ne peut s’y opposer.
       *[own] Les prestataires qui vous soignent dans un hôpital partenaire peuvent toujours voir votre dossier ; vous ne pouvez pas vous y opposer.
    }
care-teams-none = { $whose ->
        [other] Aucune équipe de soins ne traite { $given } en ce moment.
       *[own] Aucune équipe de soins ne vous traite en ce moment.
    }
care-period = Du { $from } au { $until }
care-since = Depuis le { $from }
care-gp-heading = { $whose ->
        [other] Médecin généraliste de { $given }
       *[own] Votre médecin généraliste
    }
care-gp-none = { $whose ->
        [other] Aucun médecin généraliste n’est connu pour { $given }.
       *[own] Aucun médecin généraliste n’est connu pour vous.
    }
care-gp-allowed = { $whose ->
        [other] Peut voir le dossier de { $given } (un généraliste le peut, sauf opposition).
       *[own] Peut voir votre dossier (un généraliste le peut, sauf si vous vous y opposez).
    }
care-gp-objected = { $whose ->
        [other] Opposition le { $since } : ne peut pas voir le dossier de { $given }.
       *[own] Vous vous y êtes opposé le { $since } : ne peut pas voir votre dossier.
    }
care-gp-object = M’opposer
care-gp-object-question = { $whose ->
        [other] { $name } ne pourra plus ouvrir le dossier de { $given }, dès maintenant. S’y opposer ?
       *[own] { $name } ne pourra plus ouvrir votre dossier, dès maintenant. Vous y opposer ?
    }
care-gp-object-confirm = Oui, m’opposer
care-gp-allow = Autoriser à nouveau
care-gp-allow-question = { $whose ->
        [other] { $name } pourra à nouveau ouvrir le dossier de { $given }, dès maintenant. Autoriser ?
       *[own] { $name } pourra à nouveau ouvrir votre dossier, dès maintenant. Autoriser ?
    }
care-gp-allow-confirm = Oui, autoriser
care-referrers-heading = { $whose ->
        [other] Médecins référents avec consentement pour { $given }
       *[own] Médecins référents avec votre consentement
    }
care-referrers-none = { $whose ->
        [other] Aucun médecin référent n’a de consentement pour { $given }.
       *[own] Vous n’avez donné votre consentement à aucun médecin référent.
    }
care-consent-given = Consentement donné le { $date }
care-withdraw = Retirer le consentement
care-withdraw-question = { $whose ->
        [other] { $name } ne pourra plus ouvrir le dossier de { $given }, dès maintenant. Retirer le consentement ?
       *[own] { $name } ne pourra plus ouvrir votre dossier, dès maintenant. Retirer votre consentement ?
    }
care-withdraw-confirm = Oui, retirer
care-links-heading = Personnes liées à ce dossier
care-links-unknown = La liste des personnes liées à ce dossier n’a pas pu être obtenue. Réessayez plus tard.
care-links-none = Personne n’est lié à ce dossier.
care-exclusions-heading = Exclusions
care-exclusions-note = { $whose ->
        [other] Les personnes exclues ne peuvent pas ouvrir le dossier de { $given }, même en cas d’urgence ; seul un hôpital peut lever une exclusion quelques jours si elles sont seules à pouvoir soigner { $given } (journalisé avec le motif).
       *[own] Les personnes exclues ne peuvent pas ouvrir votre dossier, même en cas d’urgence ; seul un hôpital peut lever une exclusion quelques jours si elles sont seules à pouvoir vous soigner (journalisé avec le motif).
    }
care-exclusions-none = { $whose ->
        [other] Personne n’est exclu du dossier de { $given }.
       *[own] Vous n’avez exclu personne.
    }
care-exclusion-hospital-by = Exclu depuis le { $since }, enregistré par { $hospital } ; vaut dans tous les hôpitaux partenaires.
care-exclusion-hospital = Exclu depuis le { $since } ; vaut dans tous les hôpitaux partenaires.
care-exclusion-ehealth = Exclu via la plateforme eHealth depuis le { $since }.
care-exclusion-ehealth-where = Géré sur la plateforme eHealth : modifiez-le sur { $site }.
care-exclusion-overridden = Levée temporairement pour la continuité des soins jusqu’au { $until }.
care-stop = Arrêter l’exclusion
care-stop-question = { $whose ->
        [other] { $name } pourra à nouveau ouvrir le dossier de { $given } pour des soins, dès maintenant. Arrêter l’exclusion ?
       *[own] { $name } pourra à nouveau ouvrir votre dossier en vous soignant, dès maintenant. Arrêter l’exclusion ?
    }
care-stop-confirm = Oui, arrêter
care-ehealth-heading = Partage via eHealth
care-ehealth-given = { $whose ->
        [other] Consentement au partage via eHealth donné pour { $given } le { $date }.
       *[own] Vous avez consenti au partage via eHealth le { $date }.
    }
care-ehealth-refused = { $whose ->
        [other] Pas de consentement au partage via eHealth pour { $given } ({ $date }).
       *[own] Vous n’avez pas consenti au partage via eHealth ({ $date }).
    }
care-ehealth-never = { $whose ->
        [other] Le consentement au partage via eHealth n’a jamais été demandé pour { $given }.
       *[own] Votre consentement au partage via eHealth n’a jamais été demandé.
    }
care-ehealth-where = Vous le modifiez sur { $site }.
care-who-did-intro = { $whose ->
        [other] Chaque ouverture du dossier de { $given } est journalisée, même les tentatives refusées. Les plus récentes d’abord.
       *[own] Chaque ouverture de votre dossier est journalisée, même les tentatives refusées. Les plus récentes d’abord.
    }
care-log-loading = Ouverture du journal…
care-log-updating = Récupération des nouvelles entrées…
care-log-offline = Hors ligne — dernière mise à jour { $time }. Vous voyez le journal enregistré sur cet appareil.
care-log-offline-never = Hors ligne : aucun journal n’est encore enregistré sur cet appareil.
care-log-from = Du
care-log-to = Au
care-log-kind = Type
care-kind-all = Tous les types
care-kind-care-team = Équipes de soins
care-kind-gp = Généraliste
care-kind-referrer = Médecins référents
care-kind-glass = Accès d’urgence
care-kind-linked = Personnes liées
care-kind-share-code = Codes d’images
care-kind-refused = Refusés
care-kind-change = { $whose ->
        [other] Changements dans l’app
       *[own] Vos changements
    }
care-log-none = Personne n’a encore ouvert ce dossier.
care-log-no-match = Aucune entrée ne correspond à ces filtres.
care-log-count = { $shown } sur { $matching }
care-log-more = Afficher plus
care-log-patient = Patient
care-log-what-record = A ouvert le dossier
care-log-what-report = A ouvert « { $title } »
care-log-justification = Motif donné :
care-badge-glass = Accès d’urgence
care-badge-override = Exclusion levée
care-badge-refused = Refusé
care-ground-care-relationship = en tant qu’équipe de soins
care-ground-gp = { $whose ->
        [other] en tant que généraliste de { $given }
       *[own] en tant que votre généraliste
    }
care-ground-referrer = { $whose ->
        [other] avec consentement
       *[own] avec votre consentement
    }
care-ground-glass = accès d’urgence sans relation de soins connue
care-ground-override = exclusion levée temporairement
care-ground-linked = { $whose ->
        [other] par un lien avec le dossier de { $given }
       *[own] par un lien avec votre dossier
    }
care-ground-share-code = avec un code d’images
care-refused-excluded = { $whose ->
        [other] refusé : cette personne est exclue
       *[own] refusé : vous avez exclu cette personne
    }
care-refused-no-relationship = refusé : aucune relation de soins
care-refused-gp-objected = { $whose ->
        [other] refusé : opposition au généraliste
       *[own] refusé : vous vous êtes opposé à votre généraliste
    }
care-refused-consent-withdrawn = { $whose ->
        [other] refusé : le consentement a été retiré
       *[own] refusé : votre consentement a été retiré
    }
care-refused-justification-missing = refusé : aucun motif donné
care-refused-role = refusé : cette fonction ne voit pas les rapports
care-refused-patient-died = refusé
care-change-gp-objected = Opposition à { $name } (généraliste)
care-change-gp-allowed = { $name } (généraliste) autorisé à nouveau
care-change-referrer-withdrawn = Consentement de { $name } retiré
care-change-exclusion-stopped = Exclusion de { $name } arrêtée
care-change-gp-named = { $name } désigné(e) comme médecin généraliste
care-change-gp-removed = { $name } retiré(e) comme médecin généraliste
care-role-physician = Médecin
care-role-gp = Médecin généraliste
care-role-nurse = Infirmier·ère
care-role-clinical-biologist = Biologiste clinicien
care-role-lab-technician = Technicien·ne de laboratoire
care-role-pharmacist = Pharmacien·ne
care-role-dentist = Dentiste
care-role-physiotherapist = Kinésithérapeute
care-role-administrative = Personnel administratif
error-not-allowed-to-change = Seuls le patient, un parent ou un représentant peuvent voir et modifier ceci.
error-managed-on-ehealth = Cette exclusion est gérée sur la plateforme eHealth (www.ehealth.fgov.be), pas dans cette app.

## Données personnelles
home-details = Données personnelles
details-title = Données personnelles
details-title-of = Données personnelles de { $given }
details-desk-heading = Tenues par le service des admissions
details-name = Nom
details-born = Date de naissance
details-register-number = Numéro de registre national
details-desk-note = Pour les modifier, adressez-vous au service des admissions de votre hôpital.
details-contact-heading = Adresse et contact
details-address = Adresse
details-street = Rue, numéro et boîte
details-postal-code = Code postal
details-city = Commune
details-country = Pays
details-country-hint = Deux lettres : BE pour la Belgique, NL, FR, DE …
details-phone = Téléphone
details-phone-hint = Par exemple 0470 12 34 56, ou avec l’indicatif du pays : +33 6 12 34 56 78
details-email = Adresse e-mail
details-email-hint = Là où Dossier envoie ses e-mails. L’ancienne adresse est prévenue du changement.
details-language = Langue préférée
details-gp = Médecin généraliste
details-gp-none = Aucun médecin généraliste choisi
details-gp-remove = Aucun médecin généraliste
details-gp-search = Cherchez votre médecin généraliste par son nom
details-gp-find = Chercher
details-gp-not-found = Aucun médecin généraliste de ce nom dans l’annuaire.
details-save = Enregistrer
details-saved = Enregistré. La modification est gardée dans l’historique ci-dessous.
details-fix-fields = Certaines données ne sont pas correctes : voyez le message sous chaque champ.
details-read-only = Seuls le patient, un parent ou un représentant peuvent modifier ces données.
details-none = (aucun)
details-history-heading = Modifications
details-history-none = Rien n’a encore été modifié ici.
details-by-patient = Par { $who }, { $when }
details-by-parent = Par { $who } (parent), { $when }
details-by-representative = Par { $who } (représentant), { $when }
details-error-required = Remplissez ce champ.
details-error-too-long = C’est trop long.
details-error-postal-code = Un code postal belge a quatre chiffres, de 1000 à 9999.
details-error-country = Utilisez le code du pays en deux lettres, comme BE.
details-error-phone = Ce n’est pas un numéro de téléphone joignable. Vérifiez les chiffres et l’indicatif du pays.
details-error-email = Ce n’est pas une adresse e-mail à laquelle nous pouvons écrire.
details-error-unknown-gp = Ce médecin n’est pas dans l’annuaire : cherchez à nouveau.

## Notifications par e-mail
notifications-heading = Notifications par e-mail
notifications-intro = Les e-mails ne disent jamais ce qui est arrivé ni où vous avez rendez-vous : ouvrez l’app pour le voir.
notifications-something-new = Un e-mail quand il y a du nouveau (au plus un par heure)
notifications-reminder = Un rappel la veille d’un rendez-vous
notifications-saved = Enregistré.

## Rendez-vous et factures
home-appointments = Rendez-vous
home-invoices = Factures
updating = Mise à jour…
appointments-title = Rendez-vous
appointments-title-of = Rendez-vous de { $given }
appointments-offline = Hors ligne — dernière mise à jour { $time }. Vous voyez les rendez-vous enregistrés sur cet appareil.
appointments-offline-never = Hors ligne : aucun rendez-vous n’est encore enregistré sur cet appareil.
appointments-upcoming = À venir
appointments-none-upcoming = Aucun rendez-vous à venir.
appointments-past = Passés et annulés
appointments-none-past = Aucun rendez-vous passé.
appointments-today = Aujourd’hui
appointments-tomorrow = Demain
appointments-moved = Déplacé
appointments-cancelled-app = Annulé dans l’app
appointments-cancelled-hospital = Annulé par l’hôpital
appointments-video-badge = Vidéoconsultation
appointments-floor = étage { $floor }
appointments-with = Avec { $name }
appointments-instructions = Avant de venir :
appointments-join = Rejoindre la vidéoconsultation
appointments-join-later = Vous pourrez la rejoindre à partir de { $time }, 15 minutes avant le début.
appointments-calendar = Ajouter à l’agenda
appointments-calendar-dialog = Enregistrer le rendez-vous pour votre agenda
appointments-calendar-appointment = Rendez-vous
appointments-calendar-with = Avec
appointments-calendar-floor = étage
appointments-video = Vidéoconsultation : à rejoindre dans l’app Dossier, à partir de 15 minutes avant le début.
appointments-calendar-saved = Enregistré sous { $file }. Ouvrez-le pour ajouter le rendez-vous à votre agenda.
appointments-cancel = Annuler le rendez-vous
appointments-cancel-question = Annuler le rendez-vous en { $department } le { $when } ? L’hôpital en est averti aussitôt.
appointments-cancel-confirm = Oui, annuler
appointments-keep = Garder le rendez-vous
appointments-cancel-by-phone = Pour annuler ou déplacer ce rendez-vous, appelez le service.
error-cancel-by-phone = Ce service n’accepte les annulations que par téléphone : appelez le service.
error-cancel-too-late = Trop tard pour annuler dans l’app (au plus tard { $hours } heures avant le début) : appelez le service.
error-cancel-already = Ce rendez-vous est déjà annulé.
error-cancel-not-upcoming = Ce rendez-vous n’est plus à venir.
error-no-link = Ce lien ne peut pas être ouvert maintenant.
invoices-title = Factures
invoices-title-of = Factures de { $given }
invoices-offline = Hors ligne — dernière mise à jour { $time }. Vous voyez les factures enregistrées sur cet appareil.
invoices-offline-never = Hors ligne : aucune facture n’est encore enregistrée sur cet appareil.
invoices-to-pay = À payer
invoices-nothing-to-pay = Rien à payer.
invoices-settled = Payées
invoices-none-settled = Aucune facture payée.
invoices-status-open = Ouverte
invoices-status-paid = Payée
invoices-status-overdue = En retard
invoices-status-in-dispute = Contestée
invoices-number = Facture { $number } du { $date }
invoices-left-to-pay = Reste à payer :
invoices-due = À payer avant le { $date }
invoices-total = Total
invoices-insurer-paid = Payé par votre mutualité
invoices-your-share = Votre part
invoices-communication = Communication structurée
invoices-copy = Copier
invoices-copied = Copiée. Collez-la dans votre app bancaire.
invoices-pay = Payer en ligne
invoices-pdf = Enregistrer en PDF
invoices-pdf-dialog = Enregistrer la facture en PDF
details-offline = Hors ligne — dernière mise à jour { $time }. Vous voyez les données enregistrées sur cet appareil ; vous pourrez les modifier une fois en ligne.
details-offline-never = Hors ligne : aucune donnée n’est encore enregistrée sur cet appareil.

## Questionnaires
home-questionnaires = Questionnaires
questionnaires-title = Questionnaires
questionnaires-title-of = Questionnaires de { $given }
questionnaires-intro = Les questionnaires envoyés par votre hôpital. Répondez en partie, enregistrez et terminez plus tard : ici ou sur la page web de l’e-mail.
questionnaires-retry = Réessayer
questionnaires-to-fill = À remplir
questionnaires-none-to-fill = Aucun questionnaire à remplir.
questionnaires-sent = Envoyés à l’hôpital
questionnaires-none-sent = Aucun envoyé pour l’instant.
questionnaires-status-waiting = À remplir
questionnaires-status-started = Commencé
questionnaires-status-submitted = Envoyé
questionnaires-received-on = Reçu { $time }
questionnaires-submitted-on = Envoyé { $time }
questionnaires-progress = { $answered } questions sur { $count } répondues
questionnaire-how = Les questions « obligatoire » demandent une réponse avant l’envoi. Vous pouvez enregistrer et terminer plus tard.
questionnaire-read-only = Vous pouvez lire ce questionnaire. Seul le patient, un parent ou un représentant le remplit.
questionnaire-submitted = Envoyé à l’hôpital { $time }. Les réponses ne peuvent plus changer.
questionnaire-required = (obligatoire)
questionnaire-save = Enregistrer, continuer plus tard
questionnaire-submit = Envoyer à l’hôpital
questionnaire-saved = Enregistré. Vous pouvez terminer plus tard, ici ou sur la page web de l’e-mail.
questionnaire-fix = Certaines réponses demandent votre attention : voyez les remarques sous les questions. Rien n’a été envoyé.
questionnaire-problem-required = Cette question est obligatoire.
questionnaire-problem-range = Cette réponse est hors des limites.
questionnaire-problem-whole = Indiquez un nombre entier.
questionnaire-problem-too-long = Cette réponse est trop longue.
questionnaire-problem-one-option = Choisissez une seule réponse.
questionnaire-problem-form = Cette réponse n’a pas la bonne forme (un nombre, une date).
questionnaire-problem-option = Choisissez parmi les réponses.
error-questionnaire-submitted = Ce questionnaire a déjà été envoyé (peut-être depuis la page web). Les réponses ne peuvent plus changer.
questionnaire-not-answered = Sans réponse
home-messages = Messages
messages-title = Messages
messages-title-of = Messages de { $given }
messages-intro = Écrivez à un service de votre hôpital et lisez ses réponses. Les messages restent sur cet appareil : vous les lisez aussi hors ligne, et un message écrit hors ligne part dès que la connexion revient.
messages-offline = Hors ligne — dernière mise à jour { $time }. Vous voyez les messages enregistrés sur cet appareil ; les nouveaux attendent dans la boîte d’envoi.
messages-offline-never = Hors ligne : aucun message n’est encore enregistré sur cet appareil. Les nouveaux attendent dans la boîte d’envoi.
messages-new = Nouveau message
messages-new-intro = Choisissez l’hôpital et le service concernés par votre question. Le service répond ici, en général en quelques jours ouvrables. Pour une question médicale urgente, appelez l’hôpital ou votre médecin.
messages-outbox = Boîte d’envoi
messages-conversations = Conversations
messages-none = Pas encore de messages.
messages-answered = Répondu
messages-waiting-answer = En attente de réponse
messages-last = Dernier message { $time } · { $count ->
    [one] 1 message
   *[other] { $count } messages
}
messages-refused = Non envoyé
messages-waiting-to-send = En attente d’envoi
messages-written = Écrit { $time }
messages-discard = Supprimer
messages-discard-question = Supprimer ce message ? Il ne sera pas envoyé.
messages-discard-confirm = Oui, supprimer
messages-reply = Répondre
messages-thread-gone = Cette conversation n’est pas sur cet appareil.
messages-save-file = Enregistrer
messages-save-dialog = Enregistrer le fichier
messages-file-saved = Enregistré sous { $file }.
message-hospital = Hôpital
message-service = Service
message-choose = Choisir…
message-subject = Objet
message-body = Votre message
message-files = Fichiers (facultatif)
message-files-hint = PDF, JPEG ou PNG, 10 Mo au plus chacun, jusqu’à 5 fichiers.
message-remove-file = Retirer
message-send = Envoyer
message-choose-hospital = Choisissez un hôpital.
message-choose-service = Choisissez un service.
message-service-patient-support = Support lié au patient
message-service-parent-child-link = Lien parent/enfant
message-service-other = Questions des patients (autres)
message-problem-empty = Écrivez votre message.
message-problem-too-long = Votre message est trop long : 8 000 caractères au plus. Envoyez un long texte en fichier.
message-problem-no-subject = Écrivez un objet.
message-problem-subject-too-long = L’objet est trop long : 150 caractères au plus.
message-problem-hospital = Cet hôpital ne peut pas recevoir de messages. Choisissez-en un autre.
message-problem-thread = Cette conversation n’existe plus. Commencez un nouveau message.
message-problem-too-many-files = 5 fichiers au plus par message.
message-file-empty = Ce fichier est vide.
message-file-too-large = Ce fichier dépasse 10 Mo.
message-file-type = Seuls les fichiers PDF, JPEG et PNG peuvent être envoyés.
file-size-kb = { $size } ko
file-size-mb = { $size } Mo
care-log-share-code = Code d’images …{ $ending }
care-log-share-code-about = Un prestataire de soins avec le code que vous avez créé
care-log-what-study = A consulté les images de « { $title } »
care-log-what-study-download = A téléchargé les images de « { $title } »
care-refused-wrong-birth-date = refusé : mauvaise date de naissance
care-refused-share-code-stopped = refusé : ce code a été arrêté
care-refused-share-code-expired = refusé : ce code a expiré
care-refused-share-code-blocked = refusé : ce code est bloqué

# Les images d’un rapport de radiologie
study-title = Images
study-loading = Chargement des images…
study-none = Ce rapport n’a pas d’images dans l’app.
study-offline = Les images demandent une connexion. Le rapport lui-même reste lisible sur cet appareil.
study-try-again = Réessayer
study-modality = Examen
study-body-part = Partie du corps
study-date = Date des images
study-description = Description
study-content = Contenu
study-counts = { $series ->
    [one] 1 série
   *[other] { $series } séries
}, { $images ->
    [one] 1 image
   *[other] { $images } images
}
study-series = Série
study-series-number = Série { $number }
study-images = { $images ->
    [one] 1 image
   *[other] { $images } images
}
study-preview-alt = Aperçu de { $series }
study-preview-failed = L’aperçu n’a pas pu être chargé.
study-no-preview = Pas d’aperçu pour cette série.
study-size-kb = { $size } ko
study-size-mb = { $size } Mo
study-download = Télécharger les images (ZIP, { $size })
study-downloading = Téléchargement…
study-file-name = images-{ $date }.zip
study-save-dialog = Enregistrer les images
study-saved = Enregistré sous { $file }. Le logiciel d’imagerie d’un médecin ouvre ces fichiers DICOM.
study-share = Partager avec un prestataire de soins
modality-ct = Scanner (CT)
modality-mr = IRM
modality-us = Échographie
modality-xray = Radiographie
modality-mg = Mammographie
modality-nm = Médecine nucléaire
modality-pt = TEP-scan
share-title = Partager ces images avec un prestataire de soins
share-explained = Avec un code, un médecin hors de nos hôpitaux peut voir et télécharger ces images seulement, avec la date de naissance du patient. Vous choisissez combien de temps le code fonctionne et pouvez l’arrêter à tout moment. Chaque utilisation apparaît dans « Qui a consulté mon dossier ».
share-days = Valable combien de jours (1 à { $max })
share-create = Créer un code
share-created-once = Donnez ce code et cette adresse à votre prestataire de soins. Le code n’est affiché qu’une seule fois.
share-page = Page pour le prestataire de soins :
share-until = Valable jusqu’au { $time }
share-made = Créé le { $time }
share-codes-title = Codes créés pour ces images
share-codes-none = Aucun code créé.
share-code-ending = Code …{ $ending }
share-uses = { $uses ->
    [0] Pas encore utilisé
    [one] Utilisé une fois
   *[other] Utilisé { $uses } fois
}
share-status-active = Actif
share-status-expired = Expiré
share-status-revoked = Arrêté
share-status-blocked = Bloqué : mauvaises dates de naissance
share-revoke = Arrêter ce code
share-revoke-question = Arrêter ce code ? Il n’ouvrira plus les images.
share-revoke-confirm = Oui, l’arrêter
error-share-days = Un code fonctionne de 1 à { $max } jours.
body-part-chest = Thorax
body-part-head = Tête
body-part-abdomen = Abdomen
body-part-pelvis = Bassin
body-part-knee = Genou
body-part-wrist = Poignet
body-part-spine = Colonne vertébrale
body-part-breast = Sein
body-part-hand = Main
body-part-foot = Pied
body-part-shoulder = Épaule
body-part-hip = Hanche
share-expired-on = Expiré le { $time }
share-revoked-on = Arrêté le { $time }

# Mes résultats de laboratoire
home-lab-values = Résultats de laboratoire
labs-title = Mes résultats de laboratoire
labs-title-of = Résultats de laboratoire de { $given }
labs-intro = Vos résultats de laboratoire de tous les hôpitaux, une ligne par analyse. Cet appareil les tire des rapports qu’il garde, donc aussi sans connexion. Choisissez une analyse pour voir ses valeurs dans le temps.
labs-search = Chercher une analyse
labs-search-example = p. ex. glucose
labs-loading = Ouverture de vos résultats…
labs-none = Pas encore de résultats de laboratoire. Ils apparaissent ici dès que vos rapports en contiennent.
labs-no-match = Aucune analyse ne porte ce nom.
labs-latest-meta = Dernier : { $date } · { $hospital }
labs-count = { $count ->
    [one] 1 valeur
   *[other] { $count } valeurs
}
labs-trend-rising = en hausse
labs-trend-falling = en baisse
labs-trend-steady = stable
labs-flag-normal = dans les valeurs de référence
labs-flag-low = sous les valeurs de référence
labs-flag-high = au-dessus des valeurs de référence
labs-flag-abnormal = anormal
labs-point-value = { $date } : { $value }
labs-printed-as = dans le rapport : { $value }
labs-test-gone = Cette analyse ne figure plus dans le dossier.
labs-no-advice = Ceci dit ce que l’analyse mesure, pas ce que vos valeurs signifient. Votre médecin vous l’explique.
labs-period = Période
labs-period-year = 1 an
labs-period-five-years = 5 ans
labs-period-all = Tout
labs-series-summary = { $count ->
    [one] 1 valeur, le { $from }
   *[other] { $count } valeurs, du { $from } au { $to }
}
labs-period-empty = Aucune valeur sur cette période.
labs-chart-unit = En { $unit }.
labs-chart-converted = En { $unit } : les valeurs imprimées en { $others } sont converties. Le tableau les montre telles qu’imprimées.
labs-chart-label = { $count ->
    [one] Graphique de { $name } : 1 valeur.
   *[other] Graphique de { $name } : { $count } valeurs.
} Les flèches gauche et droite passent d’une valeur à l’autre ; Entrée ouvre le rapport.
labs-chart-hint = Touchez un point, ou choisissez-le avec les flèches puis appuyez sur Entrée, pour ouvrir son rapport.
labs-texts-only = Ces résultats sont des mots, pas des nombres : ils figurent dans le tableau.
labs-legend-band = Valeurs de référence de l’hôpital ce jour-là
labs-legend-normal = Dans les valeurs de référence
labs-legend-high = Au-dessus
labs-legend-low = En dessous
labs-legend-abnormal = Anormal
labs-not-charted = pas dans le graphique
labs-open-report = ouvrir le rapport
labs-table-title = Toutes les valeurs
labs-column-date = Date
