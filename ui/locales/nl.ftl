# Dossier, Nederlands.

app-name = Dossier
language-switch-label = Taal
back = Terug

welcome-title = Welkom bij Dossier
welcome-intro = Uw gevalideerde verslagen van alle partnerziekenhuizen, op uw eigen toestellen, ook als u offline bent.
welcome-keys-lost = De sleutelhanger van deze computer bevat de sleutels van “{ $name }” niet meer (hij werd gewist, of een ander programma verwijderde ze). De verslagen die dit toestel bewaarde, waren niet meer leesbaar en werden gewist. Meld u aan met uw codekaart om dit toestel opnieuw te registreren.
welcome-login = Aanmelden met uw codekaart
welcome-help-heading = Nog geen toegang, of een probleem?
welcome-request-card = Een codekaart aanvragen
welcome-forgot-password = Wachtwoord vergeten?
welcome-block-card = Kaart verloren? Blokkeer ze

connection-heading = Verbinding
connection-checking = Verbinding controleren…
connection-connected = Verbonden met de ziekenhuisserver
connection-server-version = Serverversie { $version }
connection-offline = Geen verbinding
connection-offline-unreachable = De ziekenhuisserver is niet bereikbaar. Controleer uw internetverbinding.
connection-offline-timeout = De ziekenhuisserver antwoordt te traag.
connection-offline-server-error = De ziekenhuisserver heeft een probleem. Probeer het over enkele minuten opnieuw.
connection-offline-not-dossier = Dit adres leidt niet naar een Dossier-server.
connection-incompatible = Deze versie van Dossier is te oud voor de ziekenhuisserver. Werk de app bij.
connection-retry = Opnieuw proberen
connection-retrying = Bezig met controleren…
connection-server-address = Server: { $server }

app-unavailable = Dossier kan zijn eigen kern niet bereiken. Sluit de app en open ze opnieuw.

field-user-name = Gebruikersnaam
field-password = Wachtwoord
field-code = Code { $index }
field-register-number = Rijksregisternummer
field-register-number-hint = 11 cijfers, op de achterkant van uw identiteitskaart
field-email = E-mailadres
field-new-user-name = Nieuwe gebruikersnaam
field-current-password = Huidig wachtwoord
field-new-password = Nieuw wachtwoord
field-repeat-password = Herhaal het nieuwe wachtwoord
field-required = Vul dit veld in.

login-title = Aanmelden
login-intro = Vul de gebruikersnaam en het wachtwoord in die u bij uw codekaart kreeg.
login-next = Volgende
login-busy = Even geduld…

code-title = Vul code { $index } in
code-intro = Neem uw codekaart en vul de code in naast nummer { $index }.
code-last = Dit is de laatste ongebruikte code op uw kaart. Vraag na deze aanmelding een nieuwe kaart aan: uw wachtwoord blijft hetzelfde.
code-refused-title = De code werd niet aanvaard
code-refused-intro = Voor uw veiligheid is deze aanmeldpoging beëindigd. Begin opnieuw: uw gebruikersnaam blijft ingevuld, vul opnieuw uw wachtwoord in en daarna de code die gevraagd wordt.
code-card-label = Uw codekaart: code { $index } is aangeduid
code-submit = Aanmelden
code-restart = Opnieuw beginnen

home-title = Dossier van { $name }
home-born = Geboren op { $date }
home-user-name = Aangemeld als { $user }
home-card-heading = Uw codekaart
home-card-serial = Kaart { $serial }
home-codes-left = { $count ->
    [one] Nog 1 ongebruikte code
   *[other] Nog { $count } ongebruikte codes
}
home-few-codes = Nog maar weinig codes op uw kaart: vraag nu een nieuwe kaart aan. Uw wachtwoord blijft hetzelfde.
home-no-card = U hebt geen bruikbare codekaart. Vraag een nieuwe aan om te kunnen blijven aanmelden.
home-settings = Instellingen
home-logout = Afmelden

settings-title = Instellingen
settings-user-name-heading = Uw gebruikersnaam wijzigen
settings-user-name-save = Gebruikersnaam opslaan
settings-user-name-done = Uw gebruikersnaam is nu { $user }.
settings-password-heading = Uw wachtwoord wijzigen
settings-password-rules = Minstens 8 tekens. Een zin van enkele woorden is makkelijk te onthouden en moeilijk te raden.
settings-password-save = Wachtwoord opslaan
settings-password-done = Uw wachtwoord is gewijzigd. Andere toestellen werden afgemeld.

forgot-title = Wachtwoord vergeten?
forgot-intro = Vul uw gebruikersnaam in. We sturen een link om een nieuw wachtwoord te kiezen naar het e-mailadres van uw account.
forgot-submit = Link versturen
forgot-done = Als deze gebruikersnaam een e-mailadres heeft, is er een link onderweg. Die werkt 1 uur.

block-title = Een verloren kaart blokkeren
block-intro = Codekaart verloren of gestolen? Blokkeer ze nu: niemand kan er nog mee aanmelden.
block-submit = Kaart blokkeren
block-done = Kaart { $serial } is geblokkeerd. Vraag een nieuwe kaart aan: uw wachtwoord blijft hetzelfde.

request-title = Een codekaart aanvragen
request-intro = Gekend in een van onze ziekenhuizen en een Belgisch rijksregisternummer? Dan sturen we een kaart naar uw thuisadres.
request-foreign = Geen Belgisch rijksregisternummer? Vraag een codekaart aan de inschrijvingsbalie van uw ziekenhuis.
request-submit = Kaart aanvragen
request-done = Kijk in uw mailbox: als u gekend bent in een van onze ziekenhuizen, krijgt u binnen enkele minuten een e-mail met een link om uw aanvraag te bevestigen. Daarna wordt de kaart naar uw thuisadres gestuurd.

error-no-connection = Geen verbinding. Controleer uw internetverbinding en probeer opnieuw.
error-server-problem = De server heeft een probleem. Probeer het over enkele minuten opnieuw.
error-app-outdated = Deze versie van Dossier is te oud. Werk de app bij.
error-login-failed = Gebruikersnaam, wachtwoord of code is fout.
error-login-expired = Het aanmelden duurde te lang. Begin opnieuw.
error-slowed-down = { $seconds ->
    [one] Te veel pogingen. Probeer opnieuw over 1 seconde.
   *[other] Te veel pogingen. Probeer opnieuw over { $seconds } seconden.
}
error-account-locked = Uw account is geblokkeerd na te veel pogingen. Kies een nieuw wachtwoord via "Wachtwoord vergeten?" of bel de servicedesk.
error-card-blocked = Deze kaart is geblokkeerd: vraag een nieuwe aan.
error-no-codes-left = Alle codes op deze kaart zijn gebruikt: vraag een nieuwe kaart aan.
error-account-closed = De toegang tot dit dossier is afgesloten.
error-not-logged-in = Uw sessie is afgelopen. Meld u opnieuw aan.
error-password-too-short = Het wachtwoord heeft minstens { $min } tekens nodig.
error-password-too-long = Het wachtwoord mag hoogstens { $max } tekens hebben.
error-password-too-common = Dit wachtwoord wordt te vaak gebruikt. Kies een ander.
error-password-contains-user-name = Het wachtwoord mag uw gebruikersnaam niet bevatten.
error-password-mismatch = De twee nieuwe wachtwoorden zijn niet gelijk.
error-user-name-length = Een gebruikersnaam heeft { $min } tot { $max } tekens.
error-user-name-characters = Gebruik in een gebruikersnaam alleen letters zonder accenten (a-z), cijfers en . _ - @.
error-user-name-taken = Deze gebruikersnaam is al in gebruik. Kies een andere.
error-invalid-email = Dit e-mailadres is niet geldig.
error-invalid-register-number = Dit rijksregisternummer is niet geldig. Controleer de 11 cijfers op de achterkant van uw identiteitskaart.
error-unexpected = Er ging iets mis. Probeer het opnieuw.

pin-title = Vul uw pincode in
pin-intro = Dit toestel is geregistreerd als { $name }.
field-pin = Pincode
pin-submit = Openen
pin-forgot = Pincode vergeten? Registreer opnieuw met uw codekaart

register-title = Dit toestel registreren
register-again-title = Dit toestel opnieuw registreren
register-intro = Open Dossier voortaan met een pincode van 6 cijfers in plaats van met uw codekaart.
field-device-name = Naam van dit toestel
field-new-pin = Nieuwe pincode (6 cijfers)
field-repeat-pin = Herhaal de pincode
register-pin-rules = Geen herhaald of verdubbeld cijfer (zoals 112233), geen reeks zoals 123456, niet uw geboortedatum en geen van de meest gekozen pincodes.
register-submit = Registreren
register-skip = Nu niet: ik zit aan een gedeelde computer
register-skip-hint = Er blijft niets op deze computer achter, en als u Dossier sluit, bent u afgemeld.

blocked-title = Dit toestel is geblokkeerd
blocked-intro = Na 5 foute pincodes na elkaar (met of zonder verbinding) kan dit toestel uw dossier niet meer openen: de sleutels en de verslagen die het bewaarde, zijn gewist. Registreer het opnieuw met uw codekaart.
blocked-register = Opnieuw registreren met uw codekaart
removed-title = Dit toestel werd verwijderd
removed-intro = Het werd uit uw account verwijderd, en de gegevens die het bewaarde, zijn gewist.

home-offline = Geen verbinding: u ziet wat op dit toestel bewaard is.
home-lock = Vergrendelen

settings-devices = Mijn toestellen
settings-pin-heading = Uw pincode wijzigen
field-current-pin = Huidige pincode
settings-pin-save = Pincode opslaan
settings-pin-done = Uw pincode is gewijzigd.
settings-unregister-heading = Dit toestel afmelden
settings-unregister-intro = Wist de sleutels van dit toestel en alles wat het bewaart. Meld u de volgende keer aan met uw codekaart.
settings-unregister = Dit toestel afmelden

devices-title = Mijn toestellen
devices-this = Dit toestel
devices-last-used = Laatst gebruikt op { $date }
devices-registered-on = Geregistreerd op { $date }
devices-blocked = Geblokkeerd
devices-remove = Verwijderen
devices-removed = { $name } is verwijderd. Bij het volgende contact wist het wat het bewaarde.
confirm-cancel = Annuleren
settings-unregister-question = Dit toestel afmelden? De sleutels en de verslagen die erop bewaard zijn, worden nu gewist. Om de app hier opnieuw te gebruiken, hebt u uw codekaart nodig.
settings-unregister-confirm = Ja, afmelden en wissen
devices-remove-question = “{ $name }” verwijderen? Het kan uw dossier niet meer openen en wist bij zijn volgende contact de verslagen die het bewaarde. Om het opnieuw te gebruiken, registreert u het met uw codekaart.
devices-remove-confirm = Ja, verwijderen

error-wrong-pin = { $tries ->
    [one] Foute pincode, nog 1 poging.
   *[other] Foute pincode, nog { $tries } pogingen.
}
error-device-blocked = Dit toestel is geblokkeerd na te veel foute pincodes. Registreer het opnieuw met uw codekaart.
error-device-removed = Dit toestel werd uit uw account verwijderd. Registreer het opnieuw met uw codekaart.
error-storage-full = De opslag van dit toestel is vol. Maak minstens { $megabytes } MB vrij en probeer opnieuw (voor verslagen: “Nu bijwerken”). Wat al bewaard is, blijft beschikbaar.
error-pin-length = Een pincode heeft 6 cijfers.
error-pin-not-digits = Een pincode bestaat alleen uit cijfers.
error-pin-repeated = Kies een pincode zonder herhaalde cijfers of groepjes (zoals 111222, 112233 of 121212).
error-pin-common = Deze pincode hoort bij de 10.000 meest gekozen pincodes, die iemand die gokt eerst probeert. Kies een andere.
error-pin-run = Kies een pincode die geen reeks is zoals 123456.
error-pin-birth-date = Kies een pincode die niet uw geboortedatum is.
error-pin-mismatch = De twee pincodes zijn niet gelijk.
error-not-registered = Dit toestel is niet geregistreerd. Meld u aan met uw codekaart.
error-keychain-unavailable = Dit toestel kan sleutels niet veilig bewaren en kan dus niet geregistreerd worden. U kunt zich wel aanmelden met uw codekaart.

home-reports = Uw verslagen
reports-title = Uw verslagen
reports-title-of = Verslagen van { $given }
reports-update = Nu bijwerken
reports-your-hospitals = Uw ziekenhuizen: wat u wanneer ziet
reports-search = Zoek in titels, teksten en labotests
reports-search-example = bv. cholesterol
reports-filter-type = Soort
reports-filter-hospital = Ziekenhuis
reports-all-types = Alle soorten
reports-all-hospitals = Alle ziekenhuizen
reports-loading = Uw verslagen worden geopend…
reports-none = Nog geen verslagen. Gevalideerde verslagen verschijnen hier zodra ze vrijgegeven zijn.
reports-no-match = Geen verslag past bij deze filters.
reports-show-more = Toon er { $count } meer ({ $rest } niet getoond)
reports-syncing = { $count ->
    [one] Bijwerken… 1 verslag ontvangen
   *[other] Bijwerken… { $count } verslagen ontvangen
}
reports-last-updated = Laatst bijgewerkt op { $time }
reports-never-updated = Nog niet bijgewerkt.
reports-offline = Offline — laatst bijgewerkt op { $time }. U ziet de verslagen die op dit toestel bewaard zijn.
reports-offline-never = Offline: er is nog niets op dit toestel bewaard.
report-amended = Aangepast
report-out-of-range = buiten de norm
report-hospital = Ziekenhuis
report-author = Auteur
report-performed = Uitgevoerd op
report-validated = Gevalideerd op
lab-analyte = Test
lab-value = Resultaat
lab-unit = Eenheid
lab-range = Referentiewaarden
lab-legend = ↑ boven de referentiewaarden · ↓ eronder · ! afwijkend resultaat. Uw arts legt uit wat een resultaat voor u betekent.
type-lab-result = Laboresultaat
type-radiology = Radiologie
type-consultation = Raadpleging
type-admission = Opname
type-functional = Functietest
type-examination = Onderzoek
hospitals-title = Uw ziekenhuizen
hospitals-intro = Wat elk partnerziekenhuis online toont, en wanneer. Verslagen die nog niet gevalideerd zijn, of die uw zorgteam afschermt, worden niet getoond.
hospitals-pending = Onderweg
hospitals-pending-item = { $type } van { $hospital }: verschijnt op { $date }
hospitals-from = Verslagen vanaf { $date } worden getoond.
hospitals-no-delay = Gevalideerde verslagen verschijnen meteen.
hospitals-delay = { $days ->
    [one] { $type } van { $hospital } verschijnt 1 dag na validatie.
   *[other] { $type } van { $hospital } verschijnt { $days } dagen na validatie.
}
hospitals-no-child-reports = Verslagen van kinderen jonger dan 15 worden niet online getoond; vraag het ziekenhuis om een kopie.

error-save-failed = De pdf kon daar niet bewaard worden. Kies een andere map en probeer opnieuw.
report-save-pdf = Bewaren als pdf
report-print = Afdrukken
report-pdf-saved = Bewaard als { $file }
report-pdf-dialog = Verslag bewaren als pdf
report-new = Nieuw
reports-new-count = { $count ->
    [one] 1 nieuw verslag sinds uw vorige bezoek
   *[other] { $count } nieuwe verslagen sinds uw vorige bezoek
}
pdf-patient = Patiënt
pdf-amended = Gewijzigde versie { $version }
pdf-out-of-range = buiten de referentiewaarden
pdf-footer = Kopie bewaard uit Dossier op { $date }. Het dossier van het ziekenhuis blijft de referentie.
pdf-page = Pagina
records-title = Welk dossier
records-intro = Uw eigen dossier, en de dossiers die u voor iemand anders mag openen.
records-open = Openen
records-current = Nu getoond
records-switch = Dossiers
relation-own = uw eigen dossier
relation-child = uw kind { $given }, { $age }
relation-trusted-person = { $name } — u bent de vertrouwenspersoon
relation-representative = { $name } — u bent de vertegenwoordiger
records-banner = U bekijkt het dossier van { $who }.
records-back-to-own = Terug naar mijn dossier
records-closed = Het dossier van { $name } kan niet meer geopend worden in deze app.
records-closed-ok = Begrepen
records-closed-fifteen = { $given } is 15 geworden: het dossier is nu van { $given } zelf. { $given } kan u als vertrouwenspersoon aanduiden vanuit het eigen dossier.
records-closed-period = De periode waarin u het dossier van { $name } kon openen, is voorbij.
records-ask = Het dossier van uw kind aanvragen
home-record-access = Wie kan mijn dossier openen
ask-title = Het dossier van uw kind
ask-intro = Als ouder kunt u het dossier van uw kind jonger dan 15 openen. Vul de gegevens van uw kind in; het ziekenhuis controleert ze en laat het u weten, in de app en per e-mail.
field-given-name = Voornaam
field-family-name = Achternaam
field-date-of-birth = Geboortedatum
field-child-register-number = Rijksregisternummer van uw kind
ask-register-number-hint = 11 cijfers, op de achterkant van de Kids-ID.
field-child-patient-number = Of: het patiëntnummer van het ziekenhuis
ask-patient-number-hint = Voor een kind zonder Belgisch rijksregisternummer: op een brief of polsbandje van het ziekenhuis.
field-document = Een document (niet verplicht)
ask-document-hint = Bijvoorbeeld een geboorteakte of een vonnis: PDF, JPEG of PNG, hoogstens 10 MB.
ask-parental-authority = Ik verklaar dat ik het ouderlijk gezag over dit kind heb.
ask-submit = Aanvraag versturen
ask-requests-heading = Uw aanvragen
ask-none = U hebt nog geen dossier van een kind aangevraagd.
ask-status-waiting = Wacht op het ziekenhuis
ask-status-approved = Goedgekeurd: het dossier staat in uw lijst van dossiers
ask-status-refused = Niet goedgekeurd. De reden van het ziekenhuis:
ask-asked-on = Aangevraagd op { $date }
access-title = Wie kan mijn dossier openen
access-intro = Naast u kunnen deze personen uw dossier openen of vroegen ze het aan. U kunt een vertrouwenspersoon altijd intrekken.
access-nobody = Niemand anders dan u kan uw dossier openen.
access-kind-parent = Ouder
access-kind-trusted-person = Vertrouwenspersoon
access-kind-representative = Vertegenwoordiger
access-waiting = Wacht op bevestiging door het ziekenhuis
access-period = Van { $since } tot { $until }
access-since = Sinds { $since }, tot u het intrekt
right-view-record = Uw dossier openen in de app
right-be-informed = Geïnformeerd worden over uw gezondheid
right-ask-for-copy = Een kopie van uw dossier vragen
access-mandate = Mandaat: { $reference }
access-revoke = Intrekken
access-revoke-question = { $name } kan uw dossier vanaf nu niet meer openen. Intrekken?
access-revoke-confirm = Ja, intrekken
trusted-heading = Een vertrouwenspersoon aanduiden
trusted-intro = Iemand die u vertrouwt en die gekend is in een van onze ziekenhuizen, kan uw dossier mee opvolgen. Het ziekenhuis bevestigt dit.
trusted-rights = Wat mag die persoon?
field-until = Tot (niet verplicht)
trusted-until-hint = Leeg laten: tot u het intrekt.
field-your-pin = Uw pincode
trusted-confirm-hint = Dit geldt als uw handtekening.
trusted-done = Verstuurd. Het ziekenhuis bevestigt het; u ziet het hierboven.
trusted-submit = Deze persoon aanduiden
error-record-closed = Dit dossier kan niet meer geopend worden.
error-link-name = Controleer de voornaam en achternaam.
error-link-date-of-birth = Controleer de geboortedatum.
error-link-not-a-child = Uw kind is 15 of ouder: het kan een eigen codekaart krijgen en u als vertrouwenspersoon aanduiden.
error-link-register-number = Dit rijksregisternummer is niet geldig of past niet bij de geboortedatum.
error-link-no-identifier = Vul het rijksregisternummer of het patiëntnummer van het ziekenhuis in.
error-link-no-statement = Vink de verklaring over het ouderlijk gezag aan.
error-link-for-oneself = Dit is uw eigen dossier.
error-link-already-asked = U vroeg dit dossier al aan, of u kunt het al openen.
error-link-document-type = Het document moet een PDF, JPEG of PNG zijn.
error-link-document-too-large = Het document is groter dan 10 MB.
error-trusted-not-own-record = Alleen vanuit uw eigen dossier.
error-trusted-register-number = We vinden niemand met deze naam en dit rijksregisternummer. Controleer beide.
error-trusted-oneself = U kunt uzelf niet aanduiden.
error-trusted-no-rights = Kies minstens één ding dat deze persoon mag.
error-trusted-end-date = De einddatum ligt in het verleden.
error-trusted-not-confirmed = Bevestig met uw pincode op dit toestel.
error-trusted-already-linked = Deze persoon kan uw dossier al openen, of wacht op bevestiging.

## "Toegang": wie uw dossier mag zien, wie het bekeek
care-title = Toegang
care-title-of = Toegang tot het dossier van { $given }
care-who-may = { $whose ->
        [other] Wie mag het dossier van { $given } zien
       *[own] Wie mag mijn dossier zien
    }
care-who-did = { $whose ->
        [other] Wie bekeek het dossier van { $given }
       *[own] Wie bekeek mijn dossier
    }
care-who-may-intro = Wie dit dossier mag openen, en op welke grond. Elke wijziging geldt meteen en komt in het logboek.
care-teams-heading = Zorgteams
care-teams-note = { $whose ->
        [other] Zorgverleners die { $given } behandelen in een partnerziekenhuis mogen het dossier altijd zien; daartegen kan niemand bezwaar maken.
       *[own] Zorgverleners die u behandelen in een partnerziekenhuis mogen uw dossier altijd zien; daartegen kunt u geen bezwaar maken.
    }
care-teams-none = { $whose ->
        [other] Geen enkel zorgteam behandelt { $given } nu.
       *[own] Er behandelt u nu geen zorgteam.
    }
care-period = Van { $from } tot { $until }
care-since = Sinds { $from }
care-gp-heading = { $whose ->
        [other] Huisarts van { $given }
       *[own] Uw huisarts
    }
care-gp-none = { $whose ->
        [other] Er is geen huisarts van { $given } bekend.
       *[own] Er is geen huisarts van u bekend.
    }
care-gp-allowed = { $whose ->
        [other] Mag het dossier van { $given } zien (een huisarts mag dat, tenzij er bezwaar wordt gemaakt).
       *[own] Mag uw dossier zien (een huisarts mag dat, tenzij u bezwaar maakt).
    }
care-gp-objected = { $whose ->
        [other] Bezwaar gemaakt op { $since }: mag het dossier van { $given } niet zien.
       *[own] U maakte bezwaar op { $since }: mag uw dossier niet zien.
    }
care-gp-object = Bezwaar maken
care-gp-object-question = { $whose ->
        [other] { $name } kan het dossier van { $given } vanaf nu niet meer openen. Bezwaar maken?
       *[own] { $name } kan uw dossier vanaf nu niet meer openen. Bezwaar maken?
    }
care-gp-object-confirm = Ja, bezwaar maken
care-gp-allow = Weer toestaan
care-gp-allow-question = { $whose ->
        [other] { $name } kan het dossier van { $given } vanaf nu weer openen. Toestaan?
       *[own] { $name } kan uw dossier vanaf nu weer openen. Toestaan?
    }
care-gp-allow-confirm = Ja, weer toestaan
care-referrers-heading = { $whose ->
        [other] Verwijzende artsen met toestemming voor { $given }
       *[own] Verwijzende artsen met uw toestemming
    }
care-referrers-none = { $whose ->
        [other] Geen enkele verwijzende arts heeft toestemming voor { $given }.
       *[own] U gaf geen enkele verwijzende arts toestemming.
    }
care-consent-given = Toestemming gegeven op { $date }
care-withdraw = Toestemming intrekken
care-withdraw-question = { $whose ->
        [other] { $name } kan het dossier van { $given } vanaf nu niet meer openen. De toestemming intrekken?
       *[own] { $name } kan uw dossier vanaf nu niet meer openen. Uw toestemming intrekken?
    }
care-withdraw-confirm = Ja, intrekken
care-links-heading = Mensen met een koppeling aan dit dossier
care-links-unknown = Wie een koppeling aan dit dossier heeft, kon niet worden opgehaald. Probeer later opnieuw.
care-links-none = Niemand heeft een koppeling aan dit dossier.
care-exclusions-heading = Uitsluitingen
care-exclusions-note = { $whose ->
        [other] Wie uitgesloten is, mag het dossier van { $given } niet openen, ook niet bij een noodgeval; alleen een ziekenhuis kan een uitsluiting enkele dagen opheffen als die persoon de enige is die { $given } kan behandelen (gelogd met de reden).
       *[own] Wie u uitsloot, mag uw dossier niet openen, ook niet bij een noodgeval; alleen een ziekenhuis kan een uitsluiting enkele dagen opheffen als die persoon de enige is die u kan behandelen (gelogd met de reden).
    }
care-exclusions-none = { $whose ->
        [other] Niemand is uitgesloten van het dossier van { $given }.
       *[own] U sloot niemand uit.
    }
care-exclusion-hospital-by = Uitgesloten sinds { $since }, geregistreerd door { $hospital }; geldt in elk partnerziekenhuis.
care-exclusion-hospital = Uitgesloten sinds { $since }; geldt in elk partnerziekenhuis.
care-exclusion-ehealth = Uitgesloten via het eHealth-platform sinds { $since }.
care-exclusion-ehealth-where = Beheerd op het eHealth-platform: wijzig dit op { $site }.
care-exclusion-overridden = Tijdelijk opgeheven voor de continuïteit van de zorg tot { $until }.
care-stop = Uitsluiting stoppen
care-stop-question = { $whose ->
        [other] { $name } mag het dossier van { $given } vanaf nu weer openen als die { $given } behandelt. De uitsluiting stoppen?
       *[own] { $name } mag uw dossier vanaf nu weer openen als die u behandelt. De uitsluiting stoppen?
    }
care-stop-confirm = Ja, stoppen
care-ehealth-heading = Delen via eHealth
care-ehealth-given = { $whose ->
        [other] Op { $date } werd toestemming gegeven om de gegevens van { $given } te delen via eHealth.
       *[own] U gaf op { $date } toestemming om te delen via eHealth.
    }
care-ehealth-refused = { $whose ->
        [other] Er is geen toestemming om de gegevens van { $given } te delen via eHealth ({ $date }).
       *[own] U gaf geen toestemming om te delen via eHealth ({ $date }).
    }
care-ehealth-never = { $whose ->
        [other] Er werd nooit toestemming gevraagd om de gegevens van { $given } te delen via eHealth.
       *[own] U werd nooit om toestemming gevraagd om te delen via eHealth.
    }
care-ehealth-where = Dit wijzigt u op { $site }.
care-who-did-intro = { $whose ->
        [other] Elke keer dat iemand het dossier van { $given } opent, wordt gelogd, ook geweigerde pogingen. Nieuwste eerst.
       *[own] Elke keer dat iemand uw dossier opent, wordt gelogd, ook geweigerde pogingen. Nieuwste eerst.
    }
care-log-loading = Logboek openen…
care-log-updating = Nieuwe regels ophalen…
care-log-offline = Offline — laatst bijgewerkt { $time }. U ziet het logboek dat op dit toestel bewaard is.
care-log-offline-never = Offline: er is nog geen logboek bewaard op dit toestel.
care-log-from = Van
care-log-to = Tot
care-log-kind = Soort
care-kind-all = Alle soorten
care-kind-care-team = Zorgteams
care-kind-gp = Huisarts
care-kind-referrer = Verwijzende artsen
care-kind-glass = Noodtoegang
care-kind-linked = Mensen met een koppeling
care-kind-share-code = Beeldcodes
care-kind-refused = Geweigerd
care-kind-change = { $whose ->
        [other] Wijzigingen in de app
       *[own] Uw wijzigingen
    }
care-log-none = Nog niemand heeft dit dossier geopend.
care-log-no-match = Geen regel past bij deze filters.
care-log-count = { $shown } van { $matching }
care-log-more = Meer tonen
care-log-patient = Patiënt
care-log-what-record = Opende het dossier
care-log-what-report = Opende “{ $title }”
care-log-justification = Opgegeven reden:
care-badge-glass = Noodtoegang
care-badge-override = Uitsluiting opgeheven
care-badge-refused = Geweigerd
care-ground-care-relationship = als zorgteam
care-ground-gp = { $whose ->
        [other] als huisarts van { $given }
       *[own] als uw huisarts
    }
care-ground-referrer = { $whose ->
        [other] met toestemming
       *[own] met uw toestemming
    }
care-ground-glass = noodtoegang zonder gekende zorgrelatie
care-ground-override = uitsluiting tijdelijk opgeheven
care-ground-linked = { $whose ->
        [other] via een koppeling aan het dossier van { $given }
       *[own] via een koppeling aan uw dossier
    }
care-ground-share-code = met een beeldcode
care-refused-excluded = { $whose ->
        [other] geweigerd: deze persoon is uitgesloten
       *[own] geweigerd: u sloot deze persoon uit
    }
care-refused-no-relationship = geweigerd: geen zorgrelatie
care-refused-gp-objected = { $whose ->
        [other] geweigerd: bezwaar tegen de huisarts
       *[own] geweigerd: u maakte bezwaar tegen uw huisarts
    }
care-refused-consent-withdrawn = { $whose ->
        [other] geweigerd: de toestemming is ingetrokken
       *[own] geweigerd: uw toestemming is ingetrokken
    }
care-refused-justification-missing = geweigerd: geen reden opgegeven
care-refused-role = geweigerd: deze functie ziet geen verslagen
care-refused-patient-died = geweigerd
care-change-gp-objected = Bezwaar gemaakt tegen { $name } (huisarts)
care-change-gp-allowed = { $name } (huisarts) weer toegestaan
care-change-referrer-withdrawn = Toestemming van { $name } ingetrokken
care-change-exclusion-stopped = Uitsluiting van { $name } gestopt
care-change-gp-named = { $name } als huisarts gekozen
care-change-gp-removed = { $name } niet langer als huisarts
care-role-physician = Arts
care-role-gp = Huisarts
care-role-nurse = Verpleegkundige
care-role-clinical-biologist = Klinisch bioloog
care-role-lab-technician = Laborant
care-role-pharmacist = Apotheker
care-role-dentist = Tandarts
care-role-physiotherapist = Kinesitherapeut
care-role-administrative = Administratief medewerker
error-not-allowed-to-change = Alleen de patiënt, een ouder of een vertegenwoordiger kan dit zien en wijzigen.
error-managed-on-ehealth = Deze uitsluiting wordt beheerd op het eHealth-platform (www.ehealth.fgov.be), niet in deze app.

## Persoonlijke gegevens
home-details = Persoonlijke gegevens
details-title = Persoonlijke gegevens
details-title-of = Persoonlijke gegevens van { $given }
details-desk-heading = Bijgehouden door de inschrijvingsbalie
details-name = Naam
details-born = Geboortedatum
details-register-number = Rijksregisternummer
details-desk-note = Om deze te wijzigen, vraagt u het aan de inschrijvingsbalie van uw ziekenhuis.
details-contact-heading = Adres en contact
details-address = Adres
details-street = Straat, nummer en bus
details-postal-code = Postcode
details-city = Gemeente
details-country = Land
details-country-hint = Twee letters: BE voor België, NL, FR, DE …
details-phone = Telefoon
details-phone-hint = Bijvoorbeeld 0470 12 34 56, of met landcode: +31 6 12345678
details-email = E-mailadres
details-email-hint = Waar Dossier zijn e-mails naartoe stuurt. Het oude adres krijgt bericht als u het wijzigt.
details-language = Voorkeurtaal
details-gp = Huisarts
details-gp-none = Geen huisarts gekozen
details-gp-remove = Geen huisarts
details-gp-search = Zoek uw huisarts op naam
details-gp-find = Zoeken
details-gp-not-found = Geen huisarts met die naam in de lijst.
details-save = Opslaan
details-saved = Opgeslagen. De wijziging staat in de geschiedenis hieronder.
details-fix-fields = Sommige gegevens kloppen niet: zie de melding onder elk veld.
details-read-only = Alleen de patiënt, een ouder of een vertegenwoordiger kan deze gegevens wijzigen.
details-none = (geen)
details-history-heading = Wijzigingen
details-history-none = Hier werd nog niets gewijzigd.
details-by-patient = Door { $who }, { $when }
details-by-parent = Door { $who } (ouder), { $when }
details-by-representative = Door { $who } (vertegenwoordiger), { $when }
details-error-required = Vul dit veld in.
details-error-too-long = Dit is te lang.
details-error-postal-code = Een Belgische postcode heeft vier cijfers, van 1000 tot 9999.
details-error-country = Gebruik de landcode van twee letters, zoals BE.
details-error-phone = Dit is geen telefoonnummer dat gebeld kan worden. Controleer de cijfers en de landcode.
details-error-email = Dit is geen e-mailadres waarnaar we kunnen sturen.
details-error-unknown-gp = Deze huisarts staat niet in de lijst: zoek opnieuw.

## Meldingen per e-mail
notifications-heading = Meldingen per e-mail
notifications-intro = De e-mails zeggen nooit wat er binnenkwam of waar u een afspraak hebt: open de app om het te zien.
notifications-something-new = Een e-mail als er iets nieuws is (hoogstens één per uur)
notifications-reminder = Een herinnering de dag voor een afspraak
notifications-saved = Opgeslagen.

## Afspraken en facturen
home-appointments = Afspraken
home-invoices = Facturen
updating = Bijwerken…
appointments-title = Afspraken
appointments-title-of = Afspraken van { $given }
appointments-offline = Offline — laatst bijgewerkt { $time }. U ziet de afspraken die op dit toestel bewaard zijn.
appointments-offline-never = Offline: er zijn nog geen afspraken op dit toestel bewaard.
appointments-upcoming = Binnenkort
appointments-none-upcoming = Geen afspraken gepland.
appointments-past = Voorbij en geannuleerd
appointments-none-past = Geen voorbije afspraken.
appointments-today = Vandaag
appointments-tomorrow = Morgen
appointments-moved = Verplaatst
appointments-cancelled-app = Geannuleerd in de app
appointments-cancelled-hospital = Geannuleerd door het ziekenhuis
appointments-video-badge = Videoconsultatie
appointments-floor = verdieping { $floor }
appointments-with = Bij { $name }
appointments-instructions = Voor u komt:
appointments-join = Deelnemen aan de videoconsultatie
appointments-join-later = U kunt deelnemen vanaf { $time }, 15 minuten voor het begin.
appointments-calendar = In agenda zetten
appointments-calendar-dialog = De afspraak bewaren voor uw agenda
appointments-calendar-appointment = Afspraak
appointments-calendar-with = Bij
appointments-calendar-floor = verdieping
appointments-video = Videoconsultatie: deelnemen via de Dossier-app, vanaf 15 minuten voor het begin.
appointments-calendar-saved = Bewaard als { $file }. Open het bestand om de afspraak in uw agenda te zetten.
appointments-cancel = Afspraak annuleren
appointments-cancel-question = De afspraak bij { $department } op { $when } annuleren? Het ziekenhuis wordt meteen verwittigd.
appointments-cancel-confirm = Ja, annuleren
appointments-keep = Afspraak behouden
appointments-cancel-by-phone = Om deze afspraak te annuleren of te verplaatsen, belt u de dienst.
error-cancel-by-phone = Deze dienst neemt annulaties alleen telefonisch aan: bel de dienst.
error-cancel-too-late = Te laat om in de app te annuleren (uiterlijk { $hours } uur voor het begin): bel de dienst.
error-cancel-already = Deze afspraak is al geannuleerd.
error-cancel-not-upcoming = Deze afspraak is niet meer gepland.
error-no-link = Deze link kan nu niet geopend worden.
invoices-title = Facturen
invoices-title-of = Facturen van { $given }
invoices-offline = Offline — laatst bijgewerkt { $time }. U ziet de facturen die op dit toestel bewaard zijn.
invoices-offline-never = Offline: er zijn nog geen facturen op dit toestel bewaard.
invoices-to-pay = Te betalen
invoices-nothing-to-pay = Niets te betalen.
invoices-settled = Betaald
invoices-none-settled = Nog geen betaalde facturen.
invoices-status-open = Open
invoices-status-paid = Betaald
invoices-status-overdue = Vervallen
invoices-status-in-dispute = Betwist
invoices-number = Factuur { $number } van { $date }
invoices-left-to-pay = Nog te betalen:
invoices-due = Te betalen tegen { $date }
invoices-total = Totaal
invoices-insurer-paid = Betaald door uw ziekenfonds
invoices-your-share = Uw aandeel
invoices-communication = Gestructureerde mededeling
invoices-copy = Kopiëren
invoices-copied = Gekopieerd. Plak ze in uw bankapp.
invoices-pay = Online betalen
invoices-pdf = Bewaren als pdf
invoices-pdf-dialog = De factuur bewaren als pdf
details-offline = Offline — laatst bijgewerkt { $time }. U ziet de gegevens die op dit toestel bewaard zijn; wijzigen kan zodra u online bent.
details-offline-never = Offline: er zijn nog geen gegevens op dit toestel bewaard.

## Vragenlijsten
home-questionnaires = Vragenlijsten
questionnaires-title = Vragenlijsten
questionnaires-title-of = Vragenlijsten van { $given }
questionnaires-intro = Vragenlijsten die uw ziekenhuis stuurde. Beantwoord een deel, bewaar en vul later verder in: hier of op de webpagina uit de e-mail.
questionnaires-retry = Opnieuw proberen
questionnaires-to-fill = In te vullen
questionnaires-none-to-fill = Geen vragenlijsten in te vullen.
questionnaires-sent = Verstuurd naar het ziekenhuis
questionnaires-none-sent = Nog geen verstuurd.
questionnaires-status-waiting = In te vullen
questionnaires-status-started = Begonnen
questionnaires-status-submitted = Verstuurd
questionnaires-received-on = Ontvangen { $time }
questionnaires-submitted-on = Verstuurd { $time }
questionnaires-progress = { $answered } van { $count } vragen beantwoord
questionnaire-how = Vragen met "verplicht" hebben een antwoord nodig voor u verstuurt. U kunt bewaren en later verder invullen.
questionnaire-read-only = U kunt deze vragenlijst lezen. Alleen de patiënt, een ouder of een vertegenwoordiger vult ze in.
questionnaire-submitted = Verstuurd naar het ziekenhuis { $time }. De antwoorden kunnen niet meer veranderen.
questionnaire-required = (verplicht)
questionnaire-save = Bewaren, later verder
questionnaire-submit = Versturen naar het ziekenhuis
questionnaire-saved = Bewaard. U kunt later verder invullen, hier of op de webpagina uit de e-mail.
questionnaire-fix = Enkele antwoorden vragen aandacht: zie de opmerkingen onder de vragen. Er werd niets verstuurd.
questionnaire-problem-required = Deze vraag is verplicht.
questionnaire-problem-range = Dit antwoord valt buiten de grenzen.
questionnaire-problem-whole = Geef een geheel getal in.
questionnaire-problem-too-long = Dit antwoord is te lang.
questionnaire-problem-one-option = Kies één antwoord.
questionnaire-problem-form = Dit antwoord heeft niet de juiste vorm (een getal, een datum).
questionnaire-problem-option = Kies uit de antwoorden.
error-questionnaire-submitted = Deze vragenlijst werd al verstuurd (misschien via de webpagina). De antwoorden kunnen niet meer veranderen.
questionnaire-not-answered = Niet beantwoord
home-messages = Berichten
messages-title = Berichten
messages-title-of = Berichten van { $given }
messages-intro = Schrijf een dienst van je ziekenhuis en lees hun antwoorden. Berichten blijven op dit toestel: je leest ze ook offline, en een bericht dat je offline schrijft, vertrekt zodra er weer verbinding is.
messages-offline = Offline — laatst bijgewerkt { $time }. Je ziet de berichten die op dit toestel bewaard zijn; nieuwe wachten in het postvak uit.
messages-offline-never = Offline: er zijn nog geen berichten op dit toestel bewaard. Nieuwe wachten in het postvak uit.
messages-new = Nieuw bericht
messages-new-intro = Kies het ziekenhuis en de dienst voor je vraag. De dienst antwoordt hier, meestal binnen enkele werkdagen. Voor dringende medische vragen bel je het ziekenhuis of je arts.
messages-outbox = Postvak uit
messages-conversations = Gesprekken
messages-none = Nog geen berichten.
messages-answered = Beantwoord
messages-waiting-answer = Wacht op antwoord
messages-last = Laatste bericht { $time } · { $count ->
    [one] 1 bericht
   *[other] { $count } berichten
}
messages-refused = Niet verstuurd
messages-waiting-to-send = Wacht om verstuurd te worden
messages-written = Geschreven { $time }
messages-discard = Verwijderen
messages-discard-question = Dit bericht verwijderen? Het wordt niet verstuurd.
messages-discard-confirm = Ja, verwijderen
messages-reply = Antwoorden
messages-thread-gone = Dit gesprek staat niet op dit toestel.
messages-save-file = Bewaren
messages-save-dialog = Het bestand bewaren
messages-file-saved = Bewaard als { $file }.
message-hospital = Ziekenhuis
message-service = Dienst
message-choose = Kies…
message-subject = Onderwerp
message-body = Je bericht
message-files = Bestanden (niet verplicht)
message-files-hint = PDF, JPEG of PNG, elk hoogstens 10 MB, tot 5 bestanden.
message-remove-file = Weghalen
message-send = Versturen
message-choose-hospital = Kies een ziekenhuis.
message-choose-service = Kies een dienst.
message-service-patient-support = Patiëntgerelateerde ondersteuning
message-service-parent-child-link = Ouder/kind-koppeling
message-service-other = Patiëntenvragen (andere)
message-problem-empty = Schrijf je bericht.
message-problem-too-long = Je bericht is te lang: hoogstens 8.000 tekens. Stuur een lange tekst als bestand.
message-problem-no-subject = Schrijf een onderwerp.
message-problem-subject-too-long = Het onderwerp is te lang: hoogstens 150 tekens.
message-problem-hospital = Dit ziekenhuis kan geen berichten ontvangen. Kies een ander.
message-problem-thread = Dit gesprek bestaat niet meer. Begin een nieuw bericht.
message-problem-too-many-files = Hoogstens 5 bestanden per bericht.
message-file-empty = Dit bestand is leeg.
message-file-too-large = Dit bestand is groter dan 10 MB.
message-file-type = Alleen PDF-, JPEG- en PNG-bestanden kunnen mee.
file-size-kb = { $size } kB
file-size-mb = { $size } MB
care-log-share-code = Beeldcode …{ $ending }
care-log-share-code-about = Een zorgverlener met de code die u maakte
care-log-what-study = Bekeek de beelden van “{ $title }”
care-log-what-study-download = Downloadde de beelden van “{ $title }”
care-refused-wrong-birth-date = geweigerd: verkeerde geboortedatum
care-refused-share-code-stopped = geweigerd: deze code werd gestopt
care-refused-share-code-expired = geweigerd: deze code is verlopen
care-refused-share-code-blocked = geweigerd: deze code is geblokkeerd

# De beelden van een radiologieverslag
study-title = Beelden
study-loading = De beelden worden geladen…
study-none = Bij dit verslag zijn geen beelden in de app.
study-offline = Voor de beelden is een verbinding nodig. Het verslag zelf blijft leesbaar op dit toestel.
study-try-again = Opnieuw proberen
study-modality = Onderzoek
study-body-part = Lichaamsdeel
study-date = Datum van de beelden
study-description = Beschrijving
study-content = Inhoud
study-counts = { $series ->
    [one] 1 reeks
   *[other] { $series } reeksen
}, { $images ->
    [one] 1 beeld
   *[other] { $images } beelden
}
study-series = Reeks
study-series-number = Reeks { $number }
study-images = { $images ->
    [one] 1 beeld
   *[other] { $images } beelden
}
study-preview-alt = Voorbeeld van { $series }
study-preview-failed = Het voorbeeld kon niet geladen worden.
study-no-preview = Geen voorbeeld voor deze reeks.
study-size-kb = { $size } kB
study-size-mb = { $size } MB
study-download = De beelden downloaden (ZIP, { $size })
study-downloading = Bezig met downloaden…
study-file-name = beelden-{ $date }.zip
study-save-dialog = De beelden bewaren
study-saved = Bewaard als { $file }. Het beeldprogramma van een arts opent deze DICOM-bestanden.
study-share = Delen met een zorgverlener
modality-ct = CT-scan
modality-mr = MRI-scan
modality-us = Echografie
modality-xray = Röntgenfoto
modality-mg = Mammografie
modality-nm = Nucleaire geneeskunde
modality-pt = PET-scan
share-title = Deze beelden delen met een zorgverlener
share-explained = Met een code kan een arts buiten onze ziekenhuizen alleen deze beelden bekijken en downloaden, samen met de geboortedatum van de patiënt. U kiest hoe lang de code werkt en u kunt ze altijd stoppen. Elk gebruik staat in “Wie bekeek mijn dossier”.
share-days = Hoeveel dagen geldig (1 tot { $max })
share-create = Een code maken
share-created-once = Geef deze code en dit adres aan uw zorgverlener. De code wordt maar één keer getoond.
share-page = Pagina voor de zorgverlener:
share-until = Werkt tot { $time }
share-made = Gemaakt op { $time }
share-codes-title = Codes voor deze beelden
share-codes-none = Nog geen code gemaakt.
share-code-ending = Code …{ $ending }
share-uses = { $uses ->
    [0] Nog niet gebruikt
    [one] Eén keer gebruikt
   *[other] { $uses } keer gebruikt
}
share-status-active = Actief
share-status-expired = Verlopen
share-status-revoked = Gestopt
share-status-blocked = Geblokkeerd: verkeerde geboortedata
share-revoke = Deze code stoppen
share-revoke-question = Deze code stoppen? Ze opent de beelden dan niet meer.
share-revoke-confirm = Ja, stoppen
error-share-days = Een code werkt 1 tot { $max } dagen.
body-part-chest = Borstkas
body-part-head = Hoofd
body-part-abdomen = Buik
body-part-pelvis = Bekken
body-part-knee = Knie
body-part-wrist = Pols
body-part-spine = Wervelkolom
body-part-breast = Borst
body-part-hand = Hand
body-part-foot = Voet
body-part-shoulder = Schouder
body-part-hip = Heup
share-expired-on = Verlopen op { $time }
share-revoked-on = Gestopt op { $time }

# Mijn labowaarden
home-lab-values = Labowaarden
labs-title = Mijn labowaarden
labs-title-of = Labowaarden van { $given }
labs-intro = Uw labresultaten van elk ziekenhuis, één regel per test. Dit toestel maakt ze uit de verslagen die het bewaart, dus ook zonder verbinding. Kies een test om de waarden in de tijd te zien.
labs-search = Zoek een test
labs-search-example = bv. glucose
labs-loading = Uw labowaarden worden geopend…
labs-none = Nog geen labowaarden. Ze verschijnen hier zodra uw verslagen labresultaten bevatten.
labs-no-match = Geen test heeft deze naam.
labs-latest-meta = Laatst: { $date } · { $hospital }
labs-count = { $count ->
    [one] 1 waarde
   *[other] { $count } waarden
}
labs-trend-rising = stijgend
labs-trend-falling = dalend
labs-trend-steady = stabiel
labs-flag-normal = binnen de referentiewaarden
labs-flag-low = onder de referentiewaarden
labs-flag-high = boven de referentiewaarden
labs-flag-abnormal = afwijkend
labs-point-value = { $date }: { $value }
labs-printed-as = in het verslag: { $value }
labs-test-gone = Deze test staat niet meer in het dossier.
labs-no-advice = Dit zegt wat de test meet, niet wat uw waarden betekenen. Dat legt uw arts uit.
labs-period = Periode
labs-period-year = 1 jaar
labs-period-five-years = 5 jaar
labs-period-all = Alles
labs-series-summary = { $count ->
    [one] 1 waarde, op { $from }
   *[other] { $count } waarden, van { $from } tot { $to }
}
labs-period-empty = Geen waarden in deze periode.
labs-chart-unit = In { $unit }.
labs-chart-converted = In { $unit }: waarden die in { $others } gedrukt zijn, staan omgerekend. De tabel toont ze zoals gedrukt.
labs-chart-label = { $count ->
    [one] Grafiek van { $name }: 1 waarde.
   *[other] Grafiek van { $name }: { $count } waarden.
} De pijltjestoetsen links en rechts gaan van waarde naar waarde; Enter opent het verslag.
labs-chart-hint = Tik op een punt, of kies het met de pijltjestoetsen en druk op Enter, om het verslag ervan te openen.
labs-texts-only = Deze resultaten zijn woorden, geen getallen: ze staan in de tabel.
labs-legend-band = Referentiewaarden van het ziekenhuis op die dag
labs-legend-normal = Binnen de referentiewaarden
labs-legend-high = Erboven
labs-legend-low = Eronder
labs-legend-abnormal = Afwijkend
labs-not-charted = niet in de grafiek
labs-open-report = het verslag openen
labs-table-title = Alle waarden
labs-column-date = Datum
