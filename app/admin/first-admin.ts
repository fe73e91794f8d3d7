// The one command that creates the first administrator: printed at start-up and shown on the sign-in page while
// the database has no active ADMIN, so whoever installs the app is told exactly what to run.
export const createAdministratorCommand = "npm run oversight -- user create --email … --name … --role ADMIN";
