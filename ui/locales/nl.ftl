# Dossier, Nederlands.

app-name = Dossier
language-switch-label = Taal

welcome-title = Welkom bij Dossier
welcome-intro = Uw gevalideerde verslagen van alle partnerziekenhuizen, op uw eigen toestellen, ook als u offline bent.

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
