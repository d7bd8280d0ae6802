# Dossier, English. Keep the same message ids in nl.ftl and fr.ftl (a test checks).

app-name = Dossier
language-switch-label = Language
back = Back

welcome-title = Welcome to Dossier
welcome-intro = Your validated reports from every partner hospital, on your own devices, also when you are offline.
welcome-keys-lost = This computer’s keychain no longer holds the keys of “{ $name }” (it was reset, or another program deleted them). The reports this device kept could no longer be read and were deleted. Log in with your code card to register this device again.
welcome-login = Log in with your code card
welcome-help-heading = No access yet, or a problem?
welcome-request-card = Request a code card
welcome-forgot-password = Forgot your password?
welcome-block-card = Lost your card? Block it

connection-heading = Connection
connection-checking = Checking the connection…
connection-connected = Connected to the hospital server
connection-server-version = Server version { $version }
connection-offline = No connection
connection-offline-unreachable = The hospital server cannot be reached. Check your internet connection.
connection-offline-timeout = The hospital server is taking too long to answer.
connection-offline-server-error = The hospital server has a problem. Try again in a few minutes.
connection-offline-not-dossier = This address does not lead to a Dossier server.
connection-incompatible = This version of Dossier is too old for the hospital server. Please update the app.
connection-retry = Try again
connection-retrying = Checking…
connection-server-address = Server: { $server }

app-unavailable = Dossier cannot reach its own core. Please close and reopen the app.

field-user-name = User name
field-password = Password
field-code = Code { $index }
field-register-number = National register number
field-register-number-hint = 11 digits, on the back of your identity card
field-email = E-mail address
field-new-user-name = New user name
field-current-password = Current password
field-new-password = New password
field-repeat-password = Repeat the new password
field-required = Please fill in this field.

login-title = Log in
login-intro = Enter the user name and password you received with your code card.
login-next = Next
login-busy = Please wait…

code-title = Enter code { $index }
code-intro = Take your code card and enter the code next to number { $index }.
code-last = This is the last unused code on your card. After this login, request a new card: your password stays the same.
code-refused-title = The code was not accepted
code-refused-intro = For your safety this login attempt has ended. Start again: your user name is kept, enter your password again and then the code you are asked for.
code-card-label = Your code card: code { $index } is marked
code-submit = Log in
code-restart = Start again

home-title = Record of { $name }
home-born = Born on { $date }
home-user-name = Logged in as { $user }
home-card-heading = Your code card
home-card-serial = Card { $serial }
home-codes-left = { $count ->
    [one] 1 unused code left
   *[other] { $count } unused codes left
}
home-few-codes = Few codes left on your card: request a new card now. Your password stays the same.
home-no-card = You have no usable code card. Request a new one to keep logging in.
home-settings = Settings
home-logout = Log out

settings-title = Settings
settings-user-name-heading = Change your user name
settings-user-name-save = Save user name
settings-user-name-done = Your user name is now { $user }.
settings-password-heading = Change your password
settings-password-rules = At least 8 characters. A sentence of a few words is easy to remember and hard to guess.
settings-password-save = Save password
settings-password-done = Your password was changed. Other devices were logged out.

forgot-title = Forgot your password?
forgot-intro = Enter your user name. We send a link to choose a new password to the e-mail address of your account.
forgot-submit = Send link
forgot-done = If this user name has an e-mail address, a link is on its way. It works for 1 hour.

block-title = Block a lost card
block-intro = Lost your code card, or stolen? Block it now: nobody can log in with it any more.
block-submit = Block card
block-done = Card { $serial } is blocked. Request a new card: your password stays the same.

request-title = Request a code card
request-intro = Known at one of our hospitals and a Belgian national register number? We post a card to your home address.
request-foreign = No Belgian national register number? Ask for a code card at the registration desk of your hospital.
request-submit = Request card
request-done = Check your mailbox: if you are known at one of our hospitals, you will receive an e-mail within minutes with a link to confirm your request. The card is then posted to your home address.

error-no-connection = No connection. Check your internet connection and try again.
error-server-problem = The server has a problem. Try again in a few minutes.
error-app-outdated = This version of Dossier is too old. Please update the app.
error-login-failed = User name, password or code is wrong.
error-login-expired = The login took too long. Please start again.
error-slowed-down = { $seconds ->
    [one] Too many attempts. Try again in 1 second.
   *[other] Too many attempts. Try again in { $seconds } seconds.
}
error-account-locked = Your account is locked after too many attempts. Choose a new password with "Forgot your password?" or call the service desk.
error-card-blocked = This card is blocked: request a new one.
error-no-codes-left = All codes on this card have been used: request a new card.
error-account-closed = Access to this record has been closed.
error-not-logged-in = Your session has ended. Please log in again.
error-password-too-short = The password needs at least { $min } characters.
error-password-too-long = The password may have at most { $max } characters.
error-password-too-common = This password is used too often. Choose another one.
error-password-contains-user-name = The password may not contain your user name.
error-password-mismatch = The two new passwords are not the same.
error-user-name-length = A user name has { $min } to { $max } characters.
error-user-name-characters = Use only letters without accents (a-z), digits and . _ - @ in a user name.
error-user-name-taken = This user name is taken. Choose another one.
error-invalid-email = This e-mail address is not valid.
error-invalid-register-number = This national register number is not valid. Check the 11 digits on the back of your identity card.
error-unexpected = Something went wrong. Please try again.

pin-title = Enter your PIN
pin-intro = This device is registered as { $name }.
field-pin = PIN
pin-submit = Open
pin-forgot = Forgot your PIN? Register again with your code card

register-title = Register this device
register-again-title = Register this device again
register-intro = Next time, open Dossier with a 6-digit PIN instead of your code card.
field-device-name = Name of this device
field-new-pin = New PIN (6 digits)
field-repeat-pin = Repeat the PIN
register-pin-rules = Not one digit repeated or doubled (such as 112233), not a run such as 123456, not your birth date, and not one of the most common PINs.
register-submit = Register
register-skip = Not now: I am on a shared computer
register-skip-hint = Nothing is kept on this computer, and closing Dossier logs you out.

blocked-title = This device is blocked
blocked-intro = After 5 wrong PINs in a row (with or without a connection) this device can no longer open your record: its keys and the reports it kept have been deleted. Register it again with your code card.
blocked-register = Register again with your code card
removed-title = This device was removed
removed-intro = It was removed from your account, and the data it kept has been deleted.

home-offline = No connection: showing what is saved on this device.
home-lock = Lock

settings-devices = My devices
settings-pin-heading = Change your PIN
field-current-pin = Current PIN
settings-pin-save = Save PIN
settings-pin-done = Your PIN was changed.
settings-unregister-heading = Unregister this device
settings-unregister-intro = Deletes this device's keys and everything it keeps. Next time, log in with your code card.
settings-unregister = Unregister this device

devices-title = My devices
devices-this = This device
devices-last-used = Last used on { $date }
devices-registered-on = Registered on { $date }
devices-blocked = Blocked
devices-remove = Remove
devices-removed = { $name } was removed. At its next contact it deletes what it kept.
confirm-cancel = Cancel
settings-unregister-question = Unregister this device? Its keys and the reports saved on it are deleted now. To use the app here again, you will need your code card.
settings-unregister-confirm = Yes, unregister and delete
devices-remove-question = Remove “{ $name }”? It can no longer open your record, and it deletes the reports it kept at its next contact. To use it again, register it with your code card.
devices-remove-confirm = Yes, remove it

error-wrong-pin = { $tries ->
    [one] Wrong PIN, 1 try left.
   *[other] Wrong PIN, { $tries } tries left.
}
error-device-blocked = This device is blocked after too many wrong PINs. Register it again with your code card.
error-device-removed = This device was removed from your account. Register it again with your code card.
error-storage-full = This device’s storage is full. Free at least { $megabytes } MB and try again (for reports: “Update now”). What was saved until now is still here.
error-pin-length = A PIN has 6 digits.
error-pin-not-digits = A PIN has only digits.
error-pin-repeated = Choose a PIN that does not repeat digits or groups (such as 111222, 112233 or 121212).
error-pin-common = This PIN is one of the 10,000 most common ones, which anyone guessing tries first. Choose another.
error-pin-run = Choose a PIN that is not a run such as 123456.
error-pin-birth-date = Choose a PIN that is not your birth date.
error-pin-mismatch = The two PINs are not the same.
error-not-registered = This device is not registered. Log in with your code card.
error-keychain-unavailable = This device cannot keep keys safely, so it cannot be registered. You can still log in with your code card.

home-reports = Your reports
reports-title = Your reports
reports-title-of = Reports of { $given }
reports-update = Update now
reports-your-hospitals = Your hospitals: what is shown when
reports-search = Search titles, texts and lab tests
reports-search-example = e.g. cholesterol
reports-filter-type = Type
reports-filter-hospital = Hospital
reports-all-types = All types
reports-all-hospitals = All hospitals
reports-loading = Opening your reports…
reports-none = No reports yet. Validated reports appear here after they are released.
reports-no-match = No report matches these filters.
reports-show-more = Show { $count } more ({ $rest } not shown)
reports-syncing = { $count ->
    [one] Updating… 1 report received
   *[other] Updating… { $count } reports received
}
reports-last-updated = Last updated { $time }
reports-never-updated = Not updated yet.
reports-offline = Offline — last updated { $time }. You see the reports saved on this device.
reports-offline-never = Offline: nothing is saved on this device yet.
report-amended = Amended
report-out-of-range = out of range
report-hospital = Hospital
report-author = Author
report-performed = Performed on
report-validated = Validated on
lab-analyte = Test
lab-value = Result
lab-unit = Unit
lab-range = Reference range
lab-legend = ↑ above the reference range · ↓ below it · ! abnormal result. Your doctor explains what a result means for you.
type-lab-result = Lab result
type-radiology = Radiology
type-consultation = Consultation
type-admission = Hospital stay
type-functional = Functional test
type-examination = Examination
hospitals-title = Your hospitals
hospitals-intro = What each partner hospital shows online, and when. Reports that are not validated yet, or that your care team protects, are not shown.
hospitals-pending = On its way
hospitals-pending-item = { $type } from { $hospital }: appears on { $date }
hospitals-from = Reports from { $date } on are shown.
hospitals-no-delay = Validated reports appear at once.
hospitals-delay = { $days ->
    [one] { $type } from { $hospital } appears 1 day after validation.
   *[other] { $type } from { $hospital } appears { $days } days after validation.
}
hospitals-no-child-reports = Reports of children under 15 are not shown online; ask the hospital for a copy.

error-save-failed = The PDF could not be saved there. Choose another folder and try again.
report-save-pdf = Save as PDF
report-print = Print
report-pdf-saved = Saved as { $file }
report-pdf-dialog = Save the report as PDF
report-new = New
reports-new-count = { $count ->
    [one] 1 new report since your last visit
   *[other] { $count } new reports since your last visit
}
pdf-patient = Patient
pdf-amended = Amended version { $version }
pdf-out-of-range = outside the reference range
pdf-footer = Copy saved from Dossier on { $date }. The hospital's record is the reference.
pdf-page = Page
records-title = Whose record
records-intro = Your own record, and the records you may open for someone else.
records-open = Open
records-current = Shown now
records-switch = Records
relation-own = your own record
relation-child = your child { $given }, { $age }
relation-trusted-person = { $name } — you are their trusted person
relation-representative = { $name } — you are their representative
records-banner = You are viewing the record of { $who }.
records-back-to-own = Back to my record
records-closed = { $name }’s record can no longer be opened from this app.
records-closed-ok = Understood
records-closed-fifteen = { $given } turned 15: the record is now { $given }’s own. { $given } can name you as a trusted person from their own record.
records-closed-period = The period during which you could open { $name }’s record is over.
records-ask = Ask for your child’s record
home-record-access = Who can open my record
ask-title = Your child’s record
ask-intro = As a parent you can open the record of your child under 15. Fill in your child’s details; the hospital checks them and lets you know, in the app and by e-mail.
field-given-name = First name
field-family-name = Last name
field-date-of-birth = Date of birth
field-child-register-number = Your child’s national register number
ask-register-number-hint = 11 digits, on the back of the Kids-ID.
field-child-patient-number = Or: the hospital’s patient number
ask-patient-number-hint = For a child without a Belgian register number: on a hospital letter or wristband.
field-document = A document (optional)
ask-document-hint = For example a birth certificate or a court decision: PDF, JPEG or PNG, at most 10 MB.
ask-parental-authority = I declare that I have parental authority over this child.
ask-submit = Send the request
ask-requests-heading = Your requests
ask-none = You have not asked for a child’s record yet.
ask-status-waiting = Waiting for the hospital
ask-status-approved = Approved: the record is in your list of records
ask-status-refused = Not approved. The hospital’s reason:
ask-asked-on = Asked on { $date }
access-title = Who can open my record
access-intro = Besides you, these people can open your record or asked to. You can revoke a trusted person at any time.
access-nobody = Nobody but you can open your record.
access-kind-parent = Parent
access-kind-trusted-person = Trusted person
access-kind-representative = Representative
access-waiting = Waiting for the hospital to confirm
access-period = From { $since } until { $until }
access-since = Since { $since }, until you revoke it
right-view-record = Open your record in the app
right-be-informed = Be informed about your health
right-ask-for-copy = Ask for a copy of your record
access-mandate = Mandate: { $reference }
access-revoke = Revoke
access-revoke-question = { $name } will no longer be able to open your record, from now on. Revoke?
access-revoke-confirm = Yes, revoke
trusted-heading = Name a trusted person
trusted-intro = Someone you trust, who is known at one of our hospitals, can follow your record with you. The hospital confirms it.
trusted-rights = What may they do?
field-until = Until (optional)
trusted-until-hint = Leave empty: until you revoke it.
field-your-pin = Your PIN
trusted-confirm-hint = This stands for your signature.
trusted-done = Sent. The hospital confirms it; you see it above.
trusted-submit = Name this person
error-record-closed = This record can no longer be opened.
error-link-name = Check the first and last name.
error-link-date-of-birth = Check the date of birth.
error-link-not-a-child = Your child is 15 or older: they can get their own code card and name you as a trusted person.
error-link-register-number = This register number is not valid or does not match the date of birth.
error-link-no-identifier = Fill in the register number or the hospital’s patient number.
error-link-no-statement = Tick the statement of parental authority.
error-link-for-oneself = This is your own record.
error-link-already-asked = You already asked for this child’s record, or you can open it already.
error-link-document-type = The document must be a PDF, JPEG or PNG.
error-link-document-too-large = The document is larger than 10 MB.
error-trusted-not-own-record = Only from your own record.
error-trusted-register-number = We find nobody with this name and register number. Check both.
error-trusted-oneself = You cannot name yourself.
error-trusted-no-rights = Choose at least one thing this person may do.
error-trusted-end-date = The end date is in the past.
error-trusted-not-confirmed = Confirm with your PIN on this device.
error-trusted-already-linked = This person can already open your record, or waits for confirmation.

## "Access": who may see a record, who looked at it
care-title = Access
care-title-of = Access to the record of { $given }
care-who-may = { $whose ->
        [other] Who may see { $given }'s record
       *[own] Who may see my record
    }
care-who-did = { $whose ->
        [other] Who looked at { $given }'s record
       *[own] Who looked at my record
    }
care-who-may-intro = Who may open this record, and on what ground. Each change takes effect at once and is written in the log.
care-teams-heading = Care teams
care-teams-note = { $whose ->
        [other] Care providers treating { $given } in a partner hospital may always see { $given }'s record; nobody can object to this.
       *[own] Care providers treating you in a partner hospital may always see your record; you cannot object to this.
    }
care-teams-none = { $whose ->
        [other] No care team is treating { $given } right now.
       *[own] No care team is treating you right now.
    }
care-period = From { $from } until { $until }
care-since = Since { $from }
care-gp-heading = { $whose ->
        [other] { $given }'s GP
       *[own] Your GP
    }
care-gp-none = { $whose ->
        [other] No GP is known for { $given }.
       *[own] No GP is known for you.
    }
care-gp-allowed = { $whose ->
        [other] May see { $given }'s record (a GP may, unless an objection is made).
       *[own] May see your record (a GP may, unless you object).
    }
care-gp-objected = { $whose ->
        [other] Objected to on { $since }: may not see { $given }'s record.
       *[own] You objected on { $since }: may not see your record.
    }
care-gp-object = Object
care-gp-object-question = { $whose ->
        [other] { $name } will no longer be able to open { $given }'s record, from now on. Object?
       *[own] { $name } will no longer be able to open your record, from now on. Object?
    }
care-gp-object-confirm = Yes, object
care-gp-allow = Allow again
care-gp-allow-question = { $whose ->
        [other] { $name } will be able to open { $given }'s record again, from now on. Allow?
       *[own] { $name } will be able to open your record again, from now on. Allow?
    }
care-gp-allow-confirm = Yes, allow again
care-referrers-heading = { $whose ->
        [other] Referring doctors with consent for { $given }
       *[own] Referring doctors with your consent
    }
care-referrers-none = { $whose ->
        [other] No referring doctor has consent for { $given }.
       *[own] You have not given consent to any referring doctor.
    }
care-consent-given = Consent given on { $date }
care-withdraw = Withdraw consent
care-withdraw-question = { $whose ->
        [other] { $name } will no longer be able to open { $given }'s record, from now on. Withdraw the consent?
       *[own] { $name } will no longer be able to open your record, from now on. Withdraw your consent?
    }
care-withdraw-confirm = Yes, withdraw
care-links-heading = People with a link to this record
care-links-unknown = Who holds a link to this record could not be fetched. Try again later.
care-links-none = Nobody holds a link to this record.
care-exclusions-heading = Exclusions
care-exclusions-note = { $whose ->
        [other] People excluded may not open { $given }'s record, not even in an emergency; only a hospital can lift an exclusion for a few days when they are the only one who can treat { $given } (logged with the reason).
       *[own] People you excluded may not open your record, not even in an emergency; only a hospital can lift an exclusion for a few days when they are the only one who can treat you (logged with the reason).
    }
care-exclusions-none = { $whose ->
        [other] Nobody is excluded from { $given }'s record.
       *[own] You have excluded nobody.
    }
care-exclusion-hospital-by = Excluded since { $since }, registered by { $hospital }; holds in every partner hospital.
care-exclusion-hospital = Excluded since { $since }; holds in every partner hospital.
care-exclusion-ehealth = Excluded through the eHealth platform since { $since }.
care-exclusion-ehealth-where = Managed on the eHealth platform: change it on { $site }.
care-exclusion-overridden = Temporarily lifted for continuity of care until { $until }.
care-stop = Stop exclusion
care-stop-question = { $whose ->
        [other] { $name } may again open { $given }'s record when treating { $given }, from now on. Stop the exclusion?
       *[own] { $name } may again open your record when treating you, from now on. Stop the exclusion?
    }
care-stop-confirm = Yes, stop
care-ehealth-heading = Sharing through eHealth
care-ehealth-given = { $whose ->
        [other] Consent to sharing through eHealth was given for { $given } on { $date }.
       *[own] You consented to sharing through eHealth on { $date }.
    }
care-ehealth-refused = { $whose ->
        [other] No consent to sharing through eHealth for { $given } ({ $date }).
       *[own] You did not consent to sharing through eHealth ({ $date }).
    }
care-ehealth-never = { $whose ->
        [other] Consent to sharing through eHealth was never asked for { $given }.
       *[own] You were never asked to consent to sharing through eHealth.
    }
care-ehealth-where = You change this on { $site }.
care-who-did-intro = { $whose ->
        [other] Every opening of { $given }'s record is logged, also refused attempts. Newest first.
       *[own] Every opening of your record is logged, also refused attempts. Newest first.
    }
care-log-loading = Opening the log…
care-log-updating = Fetching new entries…
care-log-offline = Offline — last updated { $time }. You see the log saved on this device.
care-log-offline-never = Offline: no log is saved on this device yet.
care-log-from = From
care-log-to = Until
care-log-kind = Kind
care-kind-all = All kinds
care-kind-care-team = Care teams
care-kind-gp = GP
care-kind-referrer = Referring doctors
care-kind-glass = Emergency access
care-kind-linked = People with a link
care-kind-share-code = Image codes
care-kind-refused = Refused
care-kind-change = { $whose ->
        [other] Changes made in the app
       *[own] Your changes
    }
care-log-none = Nobody has opened this record yet.
care-log-no-match = No entry matches these filters.
care-log-count = { $shown } of { $matching }
care-log-more = Show more
care-log-patient = Patient
care-log-what-record = Opened the record
care-log-what-report = Opened “{ $title }”
care-log-justification = Reason given:
care-badge-glass = Emergency access
care-badge-override = Exclusion lifted
care-badge-refused = Refused
care-ground-care-relationship = as care team
care-ground-gp = { $whose ->
        [other] as { $given }'s GP
       *[own] as your GP
    }
care-ground-referrer = { $whose ->
        [other] with consent
       *[own] with your consent
    }
care-ground-glass = emergency access without a known care relation
care-ground-override = exclusion temporarily lifted
care-ground-linked = { $whose ->
        [other] through a link to { $given }'s record
       *[own] through a link to your record
    }
care-ground-share-code = with an image code
care-refused-excluded = { $whose ->
        [other] refused: this person is excluded
       *[own] refused: you excluded this person
    }
care-refused-no-relationship = refused: no care relation
care-refused-gp-objected = { $whose ->
        [other] refused: objection to the GP
       *[own] refused: you objected to your GP
    }
care-refused-consent-withdrawn = { $whose ->
        [other] refused: the consent was withdrawn
       *[own] refused: your consent was withdrawn
    }
care-refused-justification-missing = refused: no reason given
care-refused-role = refused: this role does not see reports
care-refused-patient-died = refused
care-change-gp-objected = Objected to { $name } (GP)
care-change-gp-allowed = Allowed { $name } (GP) again
care-change-referrer-withdrawn = Withdrew the consent of { $name }
care-change-exclusion-stopped = Stopped the exclusion of { $name }
care-change-gp-named = Named { $name } as GP
care-change-gp-removed = Removed { $name } as GP
care-role-physician = Physician
care-role-gp = General practitioner
care-role-nurse = Nurse
care-role-clinical-biologist = Clinical biologist
care-role-lab-technician = Lab technician
care-role-pharmacist = Pharmacist
care-role-dentist = Dentist
care-role-physiotherapist = Physiotherapist
care-role-administrative = Administrative staff
error-not-allowed-to-change = Only the patient, a parent or a representative can see and change this.
error-managed-on-ehealth = This exclusion is managed on the eHealth platform (www.ehealth.fgov.be), not in this app.

## Personal details
home-details = Personal details
details-title = Personal details
details-title-of = Personal details of { $given }
details-desk-heading = Kept by the registration desk
details-name = Name
details-born = Date of birth
details-register-number = National register number
details-desk-note = To change these, ask the registration desk of your hospital.
details-contact-heading = Address and contact
details-address = Address
details-street = Street, number and box
details-postal-code = Postal code
details-city = City
details-country = Country
details-country-hint = Two letters: BE for Belgium, NL, FR, DE …
details-phone = Phone
details-phone-hint = For example 0470 12 34 56, or with the country code: +31 6 12345678
details-email = E-mail address
details-email-hint = Where Dossier sends its e-mails. The old address is told when you change it.
details-language = Preferred language
details-gp = GP
details-gp-none = No GP chosen
details-gp-remove = No GP
details-gp-search = Find your GP by name
details-gp-find = Find
details-gp-not-found = No GP of that name in the directory.
details-save = Save
details-saved = Saved. The change is kept in the history below.
details-fix-fields = Some details are not right: see the message under each field.
details-read-only = Only the patient, a parent or a representative can change these details.
details-none = (none)
details-history-heading = Changes
details-history-none = Nothing was changed here yet.
details-by-patient = By { $who }, { $when }
details-by-parent = By { $who } (parent), { $when }
details-by-representative = By { $who } (representative), { $when }
details-error-required = Fill in this field.
details-error-too-long = This is too long.
details-error-postal-code = A Belgian postal code has four digits, from 1000 to 9999.
details-error-country = Use the two-letter country code, such as BE.
details-error-phone = This is not a phone number that can be called. Check the digits and the country code.
details-error-email = This is not an e-mail address we can send to.
details-error-unknown-gp = This GP is not in the directory: search again.

## E-mail notifications
notifications-heading = E-mail notifications
notifications-intro = The e-mails never say what arrived or where you have an appointment: open the app to see it.
notifications-something-new = An e-mail when something new arrives (at most one an hour)
notifications-reminder = A reminder the day before an appointment
notifications-saved = Saved.

## Appointments and invoices
home-appointments = Appointments
home-invoices = Invoices
updating = Updating…
appointments-title = Appointments
appointments-title-of = Appointments of { $given }
appointments-offline = Offline — last updated { $time }. You see the appointments saved on this device.
appointments-offline-never = Offline: no appointments are saved on this device yet.
appointments-upcoming = Coming up
appointments-none-upcoming = No appointments coming up.
appointments-past = Past and cancelled
appointments-none-past = No past appointments.
appointments-today = Today
appointments-tomorrow = Tomorrow
appointments-moved = Moved
appointments-cancelled-app = Cancelled in the app
appointments-cancelled-hospital = Cancelled by the hospital
appointments-video-badge = Video consultation
appointments-floor = floor { $floor }
appointments-with = With { $name }
appointments-instructions = Before you come:
appointments-join = Join the video consultation
appointments-join-later = You can join from { $time }, 15 minutes before the start.
appointments-calendar = Add to calendar
appointments-calendar-dialog = Save the appointment for your calendar
appointments-calendar-appointment = Appointment
appointments-calendar-with = With
appointments-calendar-floor = floor
appointments-video = Video consultation: join through the Dossier app, from 15 minutes before.
appointments-calendar-saved = Saved as { $file }. Open it to add the appointment to your calendar.
appointments-cancel = Cancel appointment
appointments-cancel-question = Cancel the appointment at { $department } on { $when }? The hospital is told at once.
appointments-cancel-confirm = Yes, cancel it
appointments-keep = Keep the appointment
appointments-cancel-by-phone = To cancel or move this appointment, call the department.
error-cancel-by-phone = This department takes cancellations by phone only: call the department.
error-cancel-too-late = Too late to cancel in the app ({ $hours } hours before the start at the latest): call the department.
error-cancel-already = This appointment is cancelled already.
error-cancel-not-upcoming = This appointment is no longer coming up.
error-no-link = This link cannot be opened now.
invoices-title = Invoices
invoices-title-of = Invoices of { $given }
invoices-offline = Offline — last updated { $time }. You see the invoices saved on this device.
invoices-offline-never = Offline: no invoices are saved on this device yet.
invoices-to-pay = To pay
invoices-nothing-to-pay = Nothing to pay.
invoices-settled = Paid
invoices-none-settled = No paid invoices yet.
invoices-status-open = Open
invoices-status-paid = Paid
invoices-status-overdue = Overdue
invoices-status-in-dispute = In dispute
invoices-number = Invoice { $number } of { $date }
invoices-left-to-pay = Left to pay:
invoices-due = Due by { $date }
invoices-total = Total
invoices-insurer-paid = Paid by your health insurer
invoices-your-share = Your share
invoices-communication = Structured communication
invoices-copy = Copy
invoices-copied = Copied. Paste it in your banking app.
invoices-pay = Pay online
invoices-pdf = Save as PDF
invoices-pdf-dialog = Save the invoice as PDF
details-offline = Offline — last updated { $time }. You see the details saved on this device; change them once you are online.
details-offline-never = Offline: no details are saved on this device yet.

## Questionnaires
home-questionnaires = Questionnaires
questionnaires-title = Questionnaires
questionnaires-title-of = Questionnaires of { $given }
questionnaires-intro = Questionnaires your hospital sent. Answer part of them, save, and finish later: here or on the web page from the e-mail.
questionnaires-retry = Try again
questionnaires-to-fill = To fill in
questionnaires-none-to-fill = No questionnaires to fill in.
questionnaires-sent = Sent to the hospital
questionnaires-none-sent = None sent yet.
questionnaires-status-waiting = To fill in
questionnaires-status-started = Started
questionnaires-status-submitted = Sent
questionnaires-received-on = Received { $time }
questionnaires-submitted-on = Sent { $time }
questionnaires-progress = { $answered } of { $count } questions answered
questionnaire-how = Questions marked "required" need an answer before you send. You can save and finish later.
questionnaire-read-only = You can read this questionnaire. Only the patient, a parent or a representative fills it in.
questionnaire-submitted = Sent to the hospital { $time }. The answers can no longer change.
questionnaire-required = (required)
questionnaire-save = Save, finish later
questionnaire-submit = Send to the hospital
questionnaire-saved = Saved. You can finish later, here or on the web page from the e-mail.
questionnaire-fix = Some answers need a look: see the remarks under the questions. Nothing was sent.
questionnaire-problem-required = This question needs an answer.
questionnaire-problem-range = This answer is outside the limits.
questionnaire-problem-whole = Enter a whole number.
questionnaire-problem-too-long = This answer is too long.
questionnaire-problem-one-option = Choose one answer.
questionnaire-problem-form = This answer is not in the right form (a number, a date).
questionnaire-problem-option = Choose from the answers.
error-questionnaire-submitted = This questionnaire was sent already (perhaps from the web page). Its answers can no longer change.
questionnaire-not-answered = Not answered
home-messages = Messages
messages-title = Messages
messages-title-of = Messages of { $given }
messages-intro = Write to a service of your hospital, and read their answers. Messages are kept on this device: you can read them offline, and one written offline is sent when the connection is back.
messages-offline = Offline — last updated { $time }. You see the messages saved on this device; new ones wait in the outbox.
messages-offline-never = Offline: no messages are saved on this device yet. New ones wait in the outbox.
messages-new = New message
messages-new-intro = Choose the hospital and the service your question is for. The service answers here, usually within a few working days. For urgent medical questions, call the hospital or your doctor.
messages-outbox = Outbox
messages-conversations = Conversations
messages-none = No messages yet.
messages-answered = Answered
messages-waiting-answer = Waiting for an answer
messages-last = Last message { $time } · { $count ->
    [one] 1 message
   *[other] { $count } messages
}
messages-refused = Not sent
messages-waiting-to-send = Waiting to be sent
messages-written = Written { $time }
messages-discard = Delete
messages-discard-question = Delete this message? It will not be sent.
messages-discard-confirm = Yes, delete it
messages-reply = Answer
messages-thread-gone = This conversation is not on this device.
messages-save-file = Save
messages-save-dialog = Save the file
messages-file-saved = Saved as { $file }.
message-hospital = Hospital
message-service = Service
message-choose = Choose…
message-subject = Subject
message-body = Your message
message-files = Files (optional)
message-files-hint = PDF, JPEG or PNG, at most 10 MB each, up to 5 files.
message-remove-file = Remove
message-send = Send
message-choose-hospital = Choose a hospital.
message-choose-service = Choose a service.
message-service-patient-support = Patient-related support
message-service-parent-child-link = Parent/child link
message-service-other = Patient questions (other)
message-problem-empty = Write your message.
message-problem-too-long = Your message is too long: at most 8,000 characters. Send a long text as a file.
message-problem-no-subject = Write a subject.
message-problem-subject-too-long = The subject is too long: at most 150 characters.
message-problem-hospital = This hospital cannot receive messages. Choose another.
message-problem-thread = This conversation no longer exists. Start a new message.
message-problem-too-many-files = At most 5 files per message.
message-file-empty = This file is empty.
message-file-too-large = This file is larger than 10 MB.
message-file-type = Only PDF, JPEG and PNG files can be sent.
file-size-kb = { $size } kB
file-size-mb = { $size } MB
care-log-share-code = Image code …{ $ending }
care-log-share-code-about = A care provider with the code you made
care-log-what-study = Viewed the images of “{ $title }”
care-log-what-study-download = Downloaded the images of “{ $title }”
care-refused-wrong-birth-date = refused: wrong date of birth
care-refused-share-code-stopped = refused: this code was stopped
care-refused-share-code-expired = refused: this code has expired
care-refused-share-code-blocked = refused: this code is blocked

# A radiology report's images
study-title = Images
study-loading = Loading the images…
study-none = This report has no images in the app.
study-offline = The images need a connection. The report itself stays readable on this device.
study-try-again = Try again
study-modality = Examination
study-body-part = Body part
study-date = Date of the images
study-description = Description
study-content = Content
study-counts = { $series ->
    [one] 1 series
   *[other] { $series } series
}, { $images ->
    [one] 1 image
   *[other] { $images } images
}
study-series = Series
study-series-number = Series { $number }
study-images = { $images ->
    [one] 1 image
   *[other] { $images } images
}
study-preview-alt = Preview of { $series }
study-preview-failed = The preview could not be loaded.
study-no-preview = No preview for this series.
study-size-kb = { $size } kB
study-size-mb = { $size } MB
study-download = Download the images (ZIP, { $size })
study-downloading = Downloading…
study-file-name = images-{ $date }.zip
study-save-dialog = Save the images
study-saved = Saved as { $file }. A doctor's image viewer opens these DICOM files.
study-share = Share with a care provider
modality-ct = CT scan
modality-mr = MRI scan
modality-us = Ultrasound
modality-xray = X-ray
modality-mg = Mammography
modality-nm = Nuclear medicine
modality-pt = PET scan
share-title = Share these images with a care provider
share-explained = A code lets a doctor outside our hospitals see and download these images only, together with the patient's date of birth. You choose how long it works and can stop it at any time. Every use is shown in “Who looked at my record”.
share-days = Valid for how many days (1 to { $max })
share-create = Make a code
share-created-once = Give this code and this address to your care provider. The code is shown only this once.
share-page = Page for the care provider:
share-until = Works until { $time }
share-made = Made on { $time }
share-codes-title = Codes made for these images
share-codes-none = No code made yet.
share-code-ending = Code …{ $ending }
share-uses = { $uses ->
    [0] Not used yet
    [one] Used once
   *[other] Used { $uses } times
}
share-status-active = Active
share-status-expired = Expired
share-status-revoked = Stopped
share-status-blocked = Blocked: wrong dates of birth
share-revoke = Stop this code
share-revoke-question = Stop this code? It will no longer open the images.
share-revoke-confirm = Yes, stop it
error-share-days = A code works from 1 to { $max } days.
body-part-chest = Chest
body-part-head = Head
body-part-abdomen = Abdomen
body-part-pelvis = Pelvis
body-part-knee = Knee
body-part-wrist = Wrist
body-part-spine = Spine
body-part-breast = Breast
body-part-hand = Hand
body-part-foot = Foot
body-part-shoulder = Shoulder
body-part-hip = Hip
share-expired-on = Expired on { $time }
share-revoked-on = Stopped on { $time }

# My lab values
home-lab-values = Lab values
labs-title = My lab values
labs-title-of = Lab values of { $given }
labs-intro = Your lab results from every hospital, one line per test. This device makes them from the reports it keeps, so they show without a connection too. Choose a test to see its values over time.
labs-search = Search a test
labs-search-example = e.g. glucose
labs-loading = Opening your lab values…
labs-none = No lab values yet. They appear here once your reports hold lab results.
labs-no-match = No test has this name.
labs-latest-meta = Latest: { $date } · { $hospital }
labs-count = { $count ->
    [one] 1 value
   *[other] { $count } values
}
labs-trend-rising = going up
labs-trend-falling = going down
labs-trend-steady = steady
labs-flag-normal = within the reference range
labs-flag-low = below the reference range
labs-flag-high = above the reference range
labs-flag-abnormal = abnormal
labs-point-value = { $date }: { $value }
labs-printed-as = in the report: { $value }
labs-test-gone = This test is no longer in the record.
labs-no-advice = This says what the test measures, not what your values mean. Your doctor explains that.
labs-period = Period
labs-period-year = 1 year
labs-period-five-years = 5 years
labs-period-all = All
labs-series-summary = { $count ->
    [one] 1 value, on { $from }
   *[other] { $count } values, from { $from } to { $to }
}
labs-period-empty = No values in this period.
labs-chart-unit = In { $unit }.
labs-chart-converted = In { $unit }: values printed in { $others } are converted. The table shows them as printed.
labs-chart-label = { $count ->
    [one] Chart of { $name }: 1 value.
   *[other] Chart of { $name }: { $count } values.
} The left and right arrow keys move between values; Enter opens the report.
labs-chart-hint = Tap a point, or choose it with the arrow keys and press Enter, to open its report.
labs-texts-only = These results are words, not numbers: they are listed in the table.
labs-legend-band = Reference range of the hospital that day
labs-legend-normal = Within the range
labs-legend-high = Above it
labs-legend-low = Below it
labs-legend-abnormal = Abnormal
labs-not-charted = not in the chart
labs-open-report = open the report
labs-table-title = All values
labs-column-date = Date
