# Dossier, français.

app-name = Dossier
language-switch-label = Langue

welcome-title = Bienvenue dans Dossier
welcome-intro = Vos rapports validés de tous les hôpitaux partenaires, sur vos propres appareils, même hors connexion.

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
