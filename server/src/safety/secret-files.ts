/**
 * Files whose whole content is secret: never sent, indexed or logged, not even redacted. By family: environment
 * files, key and certificate stores, SSH keys, credential stores of tools and clouds, infrastructure state and
 * variables, service-account and OAuth client files, password files.
 */
const SECRET_FILES: RegExp[] = [
  // environment files: .env, .env.production, prod.env, app.env, .envrc, env.local
  /(^|\/)\.env(\.[^/]*)?$/i,
  /(^|\/)[^/]+\.env(\.[^/]*)?$/i,
  /(^|\/)\.envrc$/,
  /(^|\/)env\.(local|prod|production|secret)$/i,
  // keys, certificates with keys, keystores, password databases
  /\.(pem|key|p12|pfx|p8|jks|keystore|bks|kdbx|kdb|ppk|asc|gpg|pgp|keytab|der|crt\.key|ovpn)$/i,
  /(^|\/)id_(rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk)[^/]*$/,
  /(^|\/)\.ssh\/(?!known_hosts$|config$)[^/]+$/,
  /(^|\/)(secring|pubring)\.(gpg|kbx)$/,
  /(^|\/)\.gnupg\//,
  // tool credential stores
  /(^|\/)[._]netrc$/,
  /(^|\/)\.pgpass$/,
  /(^|\/)\.my\.cnf$/,
  /(^|\/)\.npmrc$/,
  /(^|\/)\.yarnrc(\.yml)?$/,
  /(^|\/)\.pypirc$/,
  /(^|\/)\.git-credentials$/,
  /(^|\/)\.gem\/credentials$/,
  /(^|\/)\.cargo\/credentials(\.toml)?$/,
  /(^|\/)\.composer\/auth\.json$/,
  /(^|\/)auth\.json$/,
  /(^|\/)\.dockercfg$/,
  /(^|\/)\.docker\/config\.json$/,
  /(^|\/)\.htpasswd$/,
  /(^|\/)htpasswd$/,
  /(^|\/)\.vault[-_]?(pass|password|token)(\.\w+)?$/i,
  /(^|\/)vault[-_]?(pass|password)(\.\w+)?$/i,
  /(^|\/)\.s3cfg$/,
  /(^|\/)\.boto$/,
  // cloud credentials
  /(^|\/)\.aws\/(credentials|config)$/,
  /(^|\/)\.azure\//,
  /(^|\/)\.config\/gcloud\//,
  /(^|\/)application_default_credentials\.json$/,
  /(^|\/)\.kube\/config$/,
  /(^|\/)kubeconfig(\.ya?ml)?$/i,
  /\.kubeconfig$/i,
  /(^|\/)\.terraformrc$/,
  /(^|\/)credentials\.tfrc\.json$/,
  // infrastructure state and variables
  /\.tfstate(\.backup)?$/,
  /\.tfvars(\.json)?$/,
  /(^|\/)terraform\.tfvars/,
  /(^|\/)\.terraform\/.*\.tfstate$/,
  // service accounts, OAuth clients, tokens
  /(^|\/)credentials?(\.[\w-]+)?\.(json|ya?ml|toml|ini|xml)$/i,
  /(^|\/)[^/]*service[-_]?account[^/]*\.json$/i,
  /(^|\/)client_secrets?[^/]*\.json$/i,
  /(^|\/)[^/]*-adminsdk-[^/]*\.json$/i,
  /(^|\/)token(s)?\.(json|pickle)$/i,
  /(^|\/)\.?secrets?(\.[\w-]+)*\.(ya?ml|json|toml|env|ini|txt|properties)$/i,
  /\.(secret|secrets)$/i,
  /(^|\/)secrets?\/[^/]+$/i,
  /(^|\/)master\.key$/,
  /(^|\/)credentials\.yml\.enc$/,
  /(^|\/)wp-config\.php$/,
  /(^|\/)local\.settings\.json$/,
  /(^|\/)appsettings\.(production|secrets)\.json$/i,
];

export function isSecretFile(path: string): boolean {
  return SECRET_FILES.some((re) => re.test(path));
}
