# Dossier, English. Keep the same message ids in nl.ftl and fr.ftl (a test checks).

app-name = Dossier
language-switch-label = Language

welcome-title = Welcome to Dossier
welcome-intro = Your validated reports from every partner hospital, on your own devices, also when you are offline.

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
