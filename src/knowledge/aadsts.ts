/**
 * One Microsoft Entra ID (AADSTS) error code, as a developer getting tokens for Azure OpenAI meets it.
 *
 * `message` is the text Entra prints after `AADSTS<code>: `. It comes from printed error
 * descriptions where public ones exist, otherwise from Entra's own error lookup
 * (`https://login.microsoftonline.com/error?code=<code>`); `{name}` marks a value Entra fills in.
 * `example` is only ever a line that was seen printed, without the `Trace ID` / `Correlation ID` /
 * `Timestamp` trailer. `fix` may use the placeholders `{clientId}`, `{tenantId}` and `{principalId}`.
 *
 * @example
 * const entry: AadstsEntry = {
 *   code: "7000222",
 *   title: "The client secret has expired",
 *   message: "The provided client secret keys for app '{appId}' are expired. ...",
 *   meaning: "...", confirm: "az ad app credential list --id {clientId}", fix: "...",
 * };
 */
export interface AadstsEntry {
  /** Digits only, e.g. `"7000215"`. */
  code: `${number}`;
  /** One line: the cause stated as a fact. */
  title: string;
  /** The canonical STS message text as Entra prints it after `AADSTS<code>: `. */
  message: string;
  /** One to three sentences: why this happens. */
  meaning: string;
  /** How to confirm it: commands and checks a developer can run. */
  confirm: string;
  /** The fix, concrete; may use `{clientId}`, `{tenantId}`, `{principalId}`. */
  fix: string;
  /** A full error_description line as Entra printed it, when a public one exists. */
  example?: string;
}

const COGNITIVE_SCOPE = "https://cognitiveservices.azure.com/.default";

const ENTRIES: readonly AadstsEntry[] = [
  {
    code: "50000",
    title: "Entra ID failed internally while issuing the token",
    message: "There was an error issuing a token or an issue with our sign-in service.",
    meaning:
      "A failure inside the Entra token service, not a problem with the request. It is usually transient.",
    confirm:
      "Retry the same request; check Azure Service Health and https://status.azure.com for Entra ID incidents; keep the Trace ID, Correlation ID and Timestamp from the error.",
    fix: "Retry with backoff. If it persists, open a support ticket quoting the Trace ID, Correlation ID and Timestamp.",
  },
  {
    code: "50001",
    title: "The requested resource (v1 `resource` parameter) does not exist in the tenant or cloud",
    message:
      "The application named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
    meaning:
      "The `resource` sent to a v1 endpoint (managed identity endpoints, `az account get-access-token --resource`) names an application that has no service principal in the tenant. Typical causes are a typo in the resource URI, a resource from another cloud (a global URI against a sovereign-cloud tenant) or the wrong tenant.",
    confirm:
      'Print the resource your code requests; for Azure OpenAI it must be `https://cognitiveservices.azure.com` in the public cloud. `az ad sp list --filter "servicePrincipalNames/any(n:n eq \'<resource>\')" --query "[].appId"` shows whether the tenant knows it.',
    fix: `Request the resource \`https://cognitiveservices.azure.com\` (v1) or the scope \`${COGNITIVE_SCOPE}\` (v2), using the cloud's own host (\`cognitiveservices.azure.us\`, \`cognitiveservices.azure.cn\`) in sovereign clouds, against tenant {tenantId}.`,
    example:
      "AADSTS50001: The application named https://graph.microsoft.com was not found in the tenant named 8133f233-07f6-4027-9358-f31f29c38e97. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
  },
  {
    code: "50011",
    title: "The redirect URI in the request is not registered on the app",
    message:
      "The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
    meaning:
      "Interactive sign-in (InteractiveBrowserCredential, the WAM broker, auth-code flows) sends a redirect URI that is not in the app registration. Matching is exact, including scheme, port and path.",
    confirm:
      'Compare the URI quoted in the error with `az ad app show --id {clientId} --query "{web:web.redirectUris, publicClient:publicClient.redirectUris, spa:spa.redirectUris}"`.',
    fix: "Register the exact URI the client sends. For InteractiveBrowserCredential add `http://localhost` as a Mobile and desktop redirect URI; for the WAM broker add `ms-appx-web://Microsoft.AAD.BrokerPlugin/{clientId}`, e.g. `az ad app update --id {clientId} --public-client-redirect-uris http://localhost ms-appx-web://Microsoft.AAD.BrokerPlugin/{clientId}`.",
    example:
      "AADSTS50011: The redirect URI 'https://happy-moss-09a619b10-179.centralus.1.azurestaticapps.net/authentication-callback' specified in the request does not match the redirect URIs configured for the application '919c40bb-e237-42f0-9056-5f60974e1e21'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
  },
  {
    code: "50012",
    title: "Client authentication failed (older STS code for a bad secret or an expired assertion)",
    message: "Authentication failed.",
    meaning:
      "A generic client-authentication failure. Older STS versions returned it, inside AADSTS70002, for an invalid client secret or a client assertion outside its valid time range; today those have their own codes (7000215, 700024).",
    confirm:
      "Read the text after the code: it names the reason. Check the secret with `az ad app credential list --id {clientId}` and the machine clock with `date -u`.",
    fix: "Fix the reason Entra names: use a valid client secret value or a freshly signed client assertion for app {clientId}, with the clock synchronised (NTP).",
    example:
      "AADSTS70002: Error validating credentials. AADSTS50012: Client assertion is not within its valid time range.",
  },
  {
    code: "50020",
    title: "The signed-in user does not exist in the tenant (not a member or invited guest)",
    message:
      "User account '{email}' from identity provider '{idp}' does not exist in tenant '{tenant}' and cannot access the application '{appId}'({appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.",
    meaning:
      "The user signed in to a tenant they do not belong to, often because the tool picked a tenant (`az login --tenant`, `AZURE_TENANT_ID`, a `tenantId` option) that is not the user's home tenant and the user was never invited as a guest there.",
    confirm:
      '`az account show --query "{user:user.name, tenant:tenantId}"` and `az account tenant list` show which tenants the account can use; compare with the tenant the request went to.',
    fix: "Sign in to a tenant the account belongs to (`az login --tenant <home-tenant-id>`), or have an admin of tenant {tenantId} invite the account as a guest and assign it the role it needs.",
    example:
      "AADSTS50020: User account 'xxx@xxx.onmicrosoft.com' from identity provider 'https://sts.windows.net/xxx' does not exist in tenant 'Microsoft' and cannot access the application '04b07795-8ddb-461a-bbee-02f9e1bf7b46'(Microsoft Azure CLI) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.",
  },
  {
    code: "50027",
    title: "The client assertion is not a valid JWT",
    message: "JWT token is invalid or malformed.",
    meaning:
      "The `client_assertion` could not be parsed or validated as a JWT: missing claims or header fields, wrong format, unexpected issuer or audience. It is often an empty or truncated federated token file, or a hand-built assertion.",
    confirm:
      "Decode the assertion (the federated token in AZURE_FEDERATED_TOKEN_FILE, or the JWT your code signs): it must have three dot-separated base64url parts, a header with `alg` and a certificate thumbprint for certificate assertions, and `iss`, `sub`, `aud`, `exp` claims.",
    fix: "Pass an unmodified, complete JWT as the assertion. For certificate credentials let MSAL/@azure/identity build it (ClientCertificateCredential) instead of signing by hand; for workload identity check that AZURE_FEDERATED_TOKEN_FILE points at the projected service-account token.",
    example:
      "AADSTS70002: Error validating credentials. AADSTS50027: Invalid JWT token. No certificate thumbprint specified in token header.",
  },
  {
    code: "50034",
    title: "The user account does not exist in the directory",
    message:
      "The user account {identifier} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory.",
    meaning:
      "The username is mistyped, or the request went to a tenant where the user is neither a member nor a guest (a wrong tenant ID, or a guest signing in with username and password).",
    confirm:
      "Check the username and the tenant in the request; `az ad user show --id <upn>` in tenant {tenantId} shows whether the user exists there.",
    fix: "Use the right username and the tenant the user belongs to, or invite the user to tenant {tenantId}; guests should sign in interactively (`az login --tenant {tenantId}`) rather than with a password.",
    example:
      "AADSTS50034: The user account {EmailHidden} does not exist in the XXX directory. To sign into this application, the account must be added to the directory.",
  },
  {
    code: "50053",
    title: "The account is locked, or the sign-in came from an IP address Entra blocked",
    message:
      "The account is locked, you've tried to sign in too many times with an incorrect user ID or password.",
    meaning:
      "Smart lockout after repeated wrong passwords, or a sign-in from an IP address with malicious activity; Entra uses one code for both so an attacker cannot tell them apart.",
    confirm:
      "In the Entra admin center open Monitoring & health > Sign-in logs, find the failed sign-in with error code 50053 and read its Failure reason.",
    fix: "Wait for the lockout to expire or have an admin unblock the user; stop any script retrying a wrong password, and move the app to a managed identity or workload identity instead of user passwords.",
  },
  {
    code: "50055",
    title: "The user's password has expired",
    message: "The password is expired.",
    meaning:
      "Non-interactive sign-in with a username and password (UsernamePasswordCredential, `az login -u -p`) fails because the password must be changed first.",
    confirm: "Sign in interactively as the user; Entra asks for a new password.",
    fix: "Change the password interactively (or have an admin reset it), then update the stored credential; better, replace password sign-in with a managed identity or service principal.",
  },
  {
    code: "50056",
    title: "No password exists in the directory for this user",
    message: "Invalid or missing password: password does not exist in the directory for this user.",
    meaning:
      "A password sign-in was attempted for a user with no password in Entra ID (for example a passwordless or federated user), or the password was empty.",
    confirm: "Check that the password value reaches the request (AZURE_PASSWORD is set and not empty).",
    fix: "Use an interactive or device-code sign-in for this user, or a service principal / managed identity for unattended access.",
  },
  {
    code: "50057",
    title: "The user account is disabled",
    message: "The user account is disabled.",
    meaning: "The user object exists but sign-in is blocked (`accountEnabled` is false).",
    confirm: 'az ad user show --id <upn> --query "{enabled:accountEnabled}"',
    fix: "Have an admin re-enable the account, or sign in with an account that is enabled.",
  },
  {
    code: "50058",
    title: "A silent sign-in found no signed-in session",
    message: "A silent sign-in request was sent but no user is signed in.",
    meaning:
      "A silent request (prompt=none, cached or SSO token acquisition) found no usable session for the user. It is expected before the first interactive sign-in or after the session was lost.",
    confirm: "The call was silent (acquireTokenSilent, prompt=none) and no interactive sign-in preceded it.",
    fix: "Fall back to an interactive sign-in (or `az login` for developer credentials) when this error comes back.",
    example:
      "AADSTS50058: A silent sign-in request was sent but no user is signed in. The cookies used to represent the user's session were not sent in the request to Azure AD. This can happen if the user is using Internet Explorer or Edge, and the web app sending the silent sign-in request is in different IE security zone than the Azure AD endpoint (login.microsoftonline.com).",
  },
  {
    code: "50059",
    title: "The request names no tenant and none could be inferred",
    message:
      "No tenant-identifying information found in either the request or implied by any provided credentials.",
    meaning:
      "The request went to a tenant-independent authority (`/common`) in a flow that needs a specific tenant, and nothing in the credentials identified one.",
    confirm:
      "Look at the authority URL in the failing request (`https://login.microsoftonline.com/<tenant>/...`).",
    fix: "Use a tenant-specific authority: set AZURE_TENANT_ID={tenantId} or pass `tenantId` to the credential.",
  },
  {
    code: "50074",
    title: "Strong authentication (MFA) is required and was not completed",
    message: "Strong Authentication is required.",
    meaning:
      "A Conditional Access policy or per-user MFA requires multifactor authentication, and the sign-in did not pass the MFA challenge.",
    confirm:
      "Sign-in logs show the MFA requirement; the failing flow is non-interactive (password or silent).",
    fix: "Sign in interactively and complete MFA (`az login`, `azd auth login`, InteractiveBrowserCredential); for unattended code use a managed identity or service principal, which MFA policies for users do not apply to.",
  },
  {
    code: "50076",
    title: "Multifactor authentication is required for this resource",
    message:
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'.",
    meaning:
      "Conditional Access, per-user enforcement or a location change requires MFA, but the token was requested with a flow that cannot prompt (a cached refresh token, username and password). The quoted id is the resource, e.g. `797f4846-ba00-4fd7-ba43-dac1f8f63013` is the Windows Azure Service Management API that the Azure CLI signs in to.",
    confirm:
      "Run `az account get-access-token --scope " +
      COGNITIVE_SCOPE +
      "`; the same error means the developer sign-in needs a fresh interactive MFA.",
    fix: `Sign in again interactively and complete MFA (\`az login --tenant {tenantId} --scope ${COGNITIVE_SCOPE}\`, \`azd auth login\`); for unattended code use a managed identity or service principal.`,
    example:
      "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '797f4846-ba00-4fd7-ba43-dac1f8f63013'.",
  },
  {
    code: "50078",
    title: "The MFA claim in the session has expired",
    message:
      "Presented multi-factor authentication has expired due to policies configured by your administrator, you must refresh your multi-factor authentication to access '{resource}'.",
    meaning:
      "The session carries an MFA claim older than the administrator's policy allows, so a silent refresh is refused.",
    confirm: "The failing call is silent; an interactive sign-in succeeds after an MFA prompt.",
    fix: "Sign in interactively again (`az login --tenant {tenantId}`) and complete MFA.",
  },
  {
    code: "50079",
    title: "The user must register for multifactor authentication",
    message:
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{identifier}'.",
    meaning:
      'A policy requires MFA and the user has not registered security info yet (or a federated user lacks the MFA claim from their identity provider). The Azure CLI reports it as "Configuration of your account was changed".',
    confirm: "Sign in interactively as the user; Entra asks to register security information.",
    fix: "Register MFA methods at https://aka.ms/mysecurityinfo, then `az login --tenant {tenantId}` again.",
  },
  {
    code: "50097",
    title: "Device authentication is required by policy",
    message: "Device authentication is required.",
    meaning:
      "A Conditional Access policy (or the resource) needs a device identity; this is an interrupt that triggers device authentication, and fails when the device or client cannot provide it.",
    confirm:
      "Sign-in logs show whether the device authentication challenge passed; check the device's join state (`dsregcmd /status` on Windows).",
    fix: "Sign in from a registered or joined device with a client that supports device authentication (e.g. the WAM broker), or use a service principal or managed identity for unattended code.",
  },
  {
    code: "50105",
    title: "The user is not assigned to the application, which requires assignment",
    message:
      "Your administrator has configured the application {appName} ('{appId}') to block users unless they are specifically granted ('assigned') access to the application.  The signed in user '{user}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.",
    meaning:
      'The enterprise application has "Assignment required" set, and the signed-in user is neither assigned directly nor through a group.',
    confirm:
      'az ad sp show --id {clientId} --query appRoleAssignmentRequired ; az rest --url "https://graph.microsoft.com/v1.0/servicePrincipals/<sp-object-id>/appRoleAssignedTo" lists who is assigned.',
    fix: 'Have an admin assign the user (or a group they belong to) to the enterprise application {clientId}, or turn off "Assignment required".',
  },
  {
    code: "50107",
    title: "The issuer (federation realm) of the presented assertion is not configured in the tenant",
    message: "Requested federation realm object '{realm}' does not exist.",
    meaning:
      "A bearer assertion (e.g. a SAML or JWT grant) names an issuer that the tenant has no federation configured for.",
    confirm:
      "Decode the assertion and compare its issuer with the federation configured in tenant {tenantId}.",
    fix: "Present an assertion issued by a realm the tenant trusts, or use a supported flow (client credentials with a secret, certificate or federated identity credential).",
    example:
      "AADSTS50107: Requested federation realm object 'https://sts.windows.net/xxxxxxxxxxxxxxxxxx/' does not exist.",
  },
  {
    code: "50126",
    title: "The username or password is wrong",
    message: "Error validating credentials due to invalid username or password.",
    meaning:
      "A password sign-in (UsernamePasswordCredential, `az login -u -p`, ROPC) presented a wrong username or password. Federated and MFA-protected users also fail this way because ROPC cannot reach their identity provider.",
    confirm:
      "Sign in interactively with the same username and password; check AZURE_USERNAME / AZURE_PASSWORD for stray whitespace.",
    fix: "Correct the credentials; better, stop using passwords: UsernamePasswordCredential is deprecated and cannot do MFA. Use `az login` for development and a managed identity or service principal in production.",
    example: "AADSTS50126: Error validating credentials due to invalid username or password.",
  },
  {
    code: "50128",
    title: "The domain name in the request identifies no tenant",
    message:
      "No tenant-identifying information found in either the request or implied by any provided credentials.",
    meaning:
      "The tenant was given as a domain name (or derived from a username's domain) that is not a verified domain of any Entra tenant.",
    confirm:
      "Check the tenant value and the username's domain; `az account show --query tenantId` gives the tenant GUID.",
    fix: "Pass the tenant GUID ({tenantId}) instead of a domain name, or fix the domain.",
  },
  {
    code: "50133",
    title: "The session was invalidated by a password change or expiry",
    message: "The session is not valid due to password expiration or recent password change.",
    meaning:
      "Cached sessions and refresh tokens issued before the user's password changed (or expired) are no longer valid.",
    confirm: "The user changed or reset the password after the cached sign-in.",
    fix: "Sign in again (`az login`, `azd auth login`, or the app's interactive sign-in).",
  },
  {
    code: "50140",
    title: 'The "Keep me signed in" prompt interrupted the sign-in (not an error)',
    message: "This occurred due to 'Keep me signed in' interrupt when the user was signing in.",
    meaning:
      "An expected step of interactive sign-in in which the user is asked whether to stay signed in. It appears in sign-in logs, not as a failure of your code.",
    confirm: "The sign-in log entry with 50140 is followed by a successful sign-in.",
    fix: "Nothing to fix; look for the next error code in the same sign-in if the sign-in really failed.",
  },
  {
    code: "50158",
    title: "An external security challenge (e.g. third-party MFA or terms of use) was not satisfied",
    message:
      "External security challenge not satisfied. User will be redirected to another page or authentication provider to satisfy additional authentication challenges.",
    meaning:
      "A policy sends the user to another page or provider (third-party MFA, terms of use) before the sign-in can finish; non-interactive flows cannot do that.",
    confirm: "Sign-in logs show whether the external challenge was passed or failed.",
    fix: "Complete the sign-in interactively; use a managed identity or service principal for unattended access.",
  },
  {
    code: "50173",
    title: "The refresh token was revoked (password change or admin revocation)",
    message:
      "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{authTime}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{validDate}'.",
    meaning:
      "Tokens for the user were revoked after the cached grant was issued, by a password change or reset or by an admin, so every refresh fails until the user signs in again.",
    confirm: "Compare the two dates in the message: the grant predates TokensValidFrom.",
    fix: "Sign in again: `az login` (Azure CLI), `azd auth login`, `Connect-AzAccount`, or re-add the account in VS Code.",
    example:
      "AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '2021-01-05T05:09:31.5970000Z' and the TokensValidFrom date (before which tokens are not valid) for this user is '2021-01-14T06:26:06.0000000Z'.",
  },
  {
    code: "50194",
    title: "A single-tenant app was used with the /common endpoint",
    message:
      "Application '{appId}'({appName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '{time}'. Use a tenant-specific endpoint or configure the application to be multi-tenant.",
    meaning:
      'Apps registered for "this organization only" must use their tenant\'s authority, not `/common`.',
    confirm: "az ad app show --id {clientId} --query signInAudience (AzureADMyOrg means single tenant).",
    fix: "Use the authority `https://login.microsoftonline.com/{tenantId}`: set AZURE_TENANT_ID={tenantId} or pass `tenantId`.",
  },
  {
    code: "50199",
    title: "Entra asked the user to confirm the sign-in (interrupt, not a failure)",
    message:
      "For security reasons, user confirmation is required for this request. Please repeat the request allowing user interaction.",
    meaning:
      "A security interrupt shown when a native app's redirect goes through a system webview or a custom scheme; the user must confirm it is the app they meant to sign in to.",
    confirm:
      "The sign-in log entry shows 50199 on an interactive sign-in; a later entry shows the real outcome.",
    fix: "Let the user confirm, and repeat the request with user interaction allowed; use an `http://localhost` or `https://` redirect URI to avoid the prompt.",
  },
  {
    code: "53000",
    title: "Conditional Access requires a compliant device",
    message:
      "Device is not in required device state: {state}. Conditional Access policy requires a compliant device, and the device is not compliant. The user must enroll their device with an approved MDM provider like Intune.",
    meaning:
      "A Conditional Access policy allows access only from devices marked compliant, and this device (or the tool, which cannot present the device identity) is not.",
    confirm: "Sign-in logs > Conditional Access tab names the policy; check the device in Intune.",
    fix: "Run the tool on a compliant, managed device with a broker-capable client, or ask the admin to exclude the workload; use a managed identity or service principal for unattended code.",
  },
  {
    code: "53001",
    title: "Conditional Access requires a domain-joined device",
    message:
      "Device is not in required device state: {state}. Conditional Access policy requires a domain joined device, and the device is not domain joined.",
    meaning: "A Conditional Access policy requires a (hybrid) domain-joined device and this device is not.",
    confirm:
      "Sign-in logs > Conditional Access tab names the policy; `dsregcmd /status` shows the join state.",
    fix: "Sign in from a domain-joined device, or use a managed identity or service principal.",
  },
  {
    code: "53002",
    title: "Conditional Access requires an approved client app",
    message:
      "Device is not in required device state: {state}. The app used is not an approved app for Conditional Access.",
    meaning:
      "A Conditional Access policy allows only approved client apps, and the app used is not one of them.",
    confirm: "Sign-in logs > Conditional Access tab names the policy and the client app.",
    fix: "Use an approved client app, or ask the admin to adjust the policy for this workload.",
  },
  {
    code: "53003",
    title: "A Conditional Access policy blocked token issuance",
    message:
      "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
    meaning:
      "A Conditional Access policy matched the sign-in (user, app, location, device, client platform) and its grant control is block. Retrying with the same context fails the same way.",
    confirm:
      "In the Entra admin center, Sign-in logs > the failed sign-in > Conditional Access tab shows which policy blocked it; compare your IP, device and client app with the policy conditions.",
    fix: "Sign in from a context the policy allows (corporate network, compliant device, interactive browser), or ask the admin to exclude the workload; for unattended code use a managed identity, which Conditional Access for users does not block.",
    example:
      "AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
  },
  {
    code: "54005",
    title: "The authorization code was already redeemed",
    message:
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
    meaning: "An authorization code is single-use; the same code was sent to the token endpoint twice.",
    confirm: "Logs show two token requests with the same `code` (often a retried or duplicated callback).",
    fix: "Redeem each code once; on retry start a new authorization request or use the refresh token already obtained.",
  },
  {
    code: "65001",
    title: "Consent has not been granted for the app to access the resource",
    message:
      "The user or administrator has not consented to use the application with ID '{appId}' named '{appName}'. Send an interactive authorization request for this user and resource.",
    meaning:
      "A delegated flow asked for permissions that neither the user nor an admin has consented to, and the flow cannot show a consent prompt (silent, password or on-behalf-of).",
    confirm: "az ad app permission list-grants --id {clientId} shows the delegated grants that exist.",
    fix: "Sign in interactively once so the user can consent, or have an admin grant consent: `az ad app permission admin-consent --id {clientId}`.",
    example:
      "AADSTS65001: The user or administrator has not consented to use the application with ID '0b76e815-fcb7-45bf-87ab-8201461ad821' named 'WebApi-SharedTokenCache'. Send an interactive authorization request for this user and resource.",
  },
  {
    code: "65002",
    title: "A Microsoft first-party tool is not preauthorized for the resource it asked a token for",
    message:
      "Consent between first party application '{appId}' and first party resource '{resourceId}' must be configured via preauthorization - applications owned and operated by Microsoft must get approval from the API owner before requesting tokens for that API.",
    meaning:
      "A Microsoft tool's own app (Visual Studio, the Azure CLI, Azure PowerShell) asked Entra for a token to a Microsoft resource that has not preauthorized that app; no consent by a user or an admin can change it.",
    confirm:
      "The first party application id in the message is the tool's (04f0c124-f2bc-4f59-8241-bf6df9866bbd is Visual Studio's), and the credential that failed is that tool's.",
    fix: "Get the token through another developer credential (the Azure CLI: `az login`, or azd), or exclude the tool's credential from the chain; for an app of your own, register it and grant it the resource's permission.",
  },
  {
    code: "65004",
    title: "The user declined consent",
    message: "User declined to consent to access the app.",
    meaning: "The user was shown the consent prompt and cancelled or declined it.",
    confirm: "The sign-in log shows 65004 for the user.",
    fix: "Have the user sign in again and accept, or have an admin grant consent for the tenant: `az ad app permission admin-consent --id {clientId}`.",
  },
  {
    code: "70000",
    title: "The grant (code, refresh token or assertion) is invalid or malformed",
    message: "Provided grant is invalid or malformed.",
    meaning:
      "The authorization code, refresh token or assertion sent as the grant could not be used: altered, truncated, expired, or issued for another client or tenant.",
    confirm:
      "Check that the grant is sent unmodified (no extra encoding or trimming) to the same tenant and client that obtained it.",
    fix: "Obtain a new grant: sign in again (`az login`), or start a new authorization request.",
  },
  {
    code: "70003",
    title: "The token endpoint does not support the grant type sent",
    message: "The app requested an unsupported grant type '{grantType}'.",
    meaning:
      "The `grant_type` is not one this endpoint or client accepts (a typo, or a flow such as authorization_code sent to an endpoint that only serves client credentials).",
    confirm: "Look at `grant_type` in the token request body.",
    fix: "Send a supported grant type (`client_credentials`, `authorization_code`, `refresh_token`, ...) to the tenant's v2 token endpoint `https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token`.",
    example: "AADSTS70003: The app requested an unsupported grant type 'authorization_code'.",
  },
  {
    code: "70008",
    title: "The authorization code or refresh token expired from inactivity",
    message:
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
    meaning:
      'Refresh tokens and codes expire when unused; the cached developer sign-in (Azure CLI, azd, VS Code) is too old. The Azure CLI reports it as "Credentials have expired due to inactivity".',
    confirm: "az account get-access-token fails with the same code.",
    fix: "Sign in again: `az login --tenant {tenantId}` (or `azd auth login`, `Connect-AzAccount`).",
  },
  {
    code: "70011",
    title: "The requested scope is not valid",
    message:
      "The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.",
    meaning:
      "The scope is malformed or asks for something the flow cannot grant, e.g. a specific permission in the client-credentials flow (which only takes `<resource>/.default`) or a resource URI mixed with another resource's scopes.",
    confirm: "Print the scopes passed to getToken / getBearerTokenProvider.",
    fix: `Request exactly \`${COGNITIVE_SCOPE}\` for Azure OpenAI (one resource per request, ending in \`/.default\` for app-only flows).`,
    example:
      "AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope https://graph.microsoft.com/User.ReadWrite.All is not valid.",
  },
  {
    code: "70016",
    title: "Device code flow: the user has not finished signing in yet (not an error)",
    message: "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
    meaning:
      "The client polls while the user enters the device code in a browser; this answer means keep polling.",
    confirm: "The client is in the device code flow (DeviceCodeCredential, `az login --use-device-code`).",
    fix: "Finish the sign-in at the URL shown with the code displayed; the client continues by itself.",
  },
  {
    code: "70019",
    title: "Device code flow: the verification code expired",
    message: "Verification code expired.",
    meaning: "The user took too long to enter the device code, so it expired.",
    confirm: "The device code prompt was shown long before the user entered it.",
    fix: "Start the device code sign-in again and enter the new code promptly.",
  },
  {
    code: "70020",
    title: "Device code flow: the device code expired",
    message:
      "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
    meaning: "The device code the client polls with has expired before the user completed sign-in.",
    confirm: "The client kept polling past the device code's `expires_in`.",
    fix: "Make a new device authorization request (run the sign-in again).",
  },
  {
    code: "70021",
    title: "No federated identity credential matches the presented assertion",
    message:
      "No matching federated identity record found for presented assertion. Assertion Issuer: '{issuer}'. Assertion Subject: '{subject}'. Assertion Audience: '{audience}'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation",
    meaning:
      "Workload identity federation: the issuer, subject and audience of the external token (Kubernetes service account, GitHub Actions, Azure Pipelines) do not all match a federated credential on the app or managed identity {clientId}. Newer STS versions split this into 700211 (issuer), 700212 (audience) and 700213 (subject).",
    confirm:
      "Compare the Issuer/Subject/Audience printed in the error with `az ad app federated-credential list --id {clientId}` (apps) or `az identity federated-credential list --identity-name <mi-name> -g <rg>` (managed identities).",
    fix: "Add or fix the federated credential so issuer, subject and audience (`api://AzureADTokenExchange`) match the token exactly, e.g. `az identity federated-credential create --name <name> --identity-name <mi-name> -g <rg> --issuer <issuer> --subject <subject> --audiences api://AzureADTokenExchange`.",
    example:
      "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation",
  },
  {
    code: "70043",
    title: "The refresh token is past the sign-in frequency set by Conditional Access",
    message:
      "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access. The token was issued on {issueDate} and the maximum allowed lifetime for this request is {time}.",
    meaning:
      "A Conditional Access sign-in frequency policy limits how long a sign-in lasts (the number is in seconds); the cached developer sign-in is older than that.",
    confirm: "The issue date in the message plus the allowed lifetime is in the past.",
    fix: "Sign in again (`az login --tenant {tenantId}`, `azd auth login`); expect to repeat it at the policy's frequency.",
    example:
      "AADSTS70043: The refresh token has expired or is invalid due to sign-in frequency checks by conditional access. The token was issued on 2021-04-14T21:31:07.1749157Z and the maximum allowed lifetime for this request is 43200.",
  },
  {
    code: "90002",
    title: "The tenant was not found (wrong tenant ID or wrong cloud)",
    message:
      "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
    meaning:
      "The tenant in the authority URL does not exist in this cloud: a typo, a placeholder or unrelated value in AZURE_TENANT_ID, or a sovereign-cloud tenant sent to login.microsoftonline.com (or the reverse).",
    confirm:
      "az account show --query tenantId gives your tenant GUID; `curl https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration` answers `invalid_tenant` with AADSTS90002 for an unknown tenant.",
    fix: "Set AZURE_TENANT_ID to the Directory (tenant) ID of the tenant that holds the identity ({tenantId}), and use that cloud's authority host (login.microsoftonline.us, login.chinacloudapi.cn for sovereign clouds).",
    example:
      "AADSTS90002: Tenant 'secrets' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
  },
  {
    code: "90014",
    title: "A required field is missing from the request",
    message:
      "The required field '{name}' is missing from the credential. Ensure that you have all the necessary parameters for the login request.",
    meaning:
      "The token request lacks a field the flow needs (often `scope`), usually from a hand-built request.",
    confirm: "Inspect the token request body for the field named in the message.",
    fix: `Add the missing field; for Azure OpenAI the scope is \`${COGNITIVE_SCOPE}\`.`,
  },
  {
    code: "90019",
    title: "The request cannot be routed to a tenant",
    message:
      "No tenant-identifying information found in either the request or implied by any provided credentials.",
    meaning:
      "The flow needs a tenant, but the request used a tenant-independent authority and nothing else identified the tenant.",
    confirm: "Look at the authority in the request; `/common` or `/organizations` is the usual cause.",
    fix: "Use `https://login.microsoftonline.com/{tenantId}` as the authority (set AZURE_TENANT_ID={tenantId}).",
  },
  {
    code: "90072",
    title: "The external account does not exist in the tenant, so it cannot satisfy the tenant's MFA",
    message:
      "User account '{user}' from identity provider '{idp}' does not exist in tenant '{tenant}' and cannot access the application '{application}'({appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account",
    meaning:
      "The signed-in account is not a member or guest of the tenant it signed in to, so it cannot meet that tenant's MFA requirements. It also happens when synced users have a mismatched ImmutableID.",
    confirm: "az account tenant list shows the tenants the account can sign in to.",
    fix: "Sign in to the account's own tenant (`az login --tenant <home-tenant-id>`), or have an admin of tenant {tenantId} invite the account as a guest.",
  },
  {
    code: "90094",
    title: "Admin consent is required for the requested permissions",
    message: "Admin consent is required for the permissions requested by this application.",
    meaning:
      "The app asks for permissions that only an administrator can consent to, or user consent is turned off in the tenant.",
    confirm:
      "az ad app permission list --id {clientId} shows the requested permissions; the portal shows which need admin consent.",
    fix: "Have an admin grant consent: `az ad app permission admin-consent --id {clientId}`.",
  },
  {
    code: "90130",
    title: "The app is not supported over the /common or /consumers endpoints",
    message:
      "Application '{appId}' ({appName}) is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
    meaning:
      "The app registration does not allow tenant-independent sign-in, but the request used `/common` or `/consumers`.",
    confirm: "Look at the authority in the failing request.",
    fix: "Use the tenant-specific authority `https://login.microsoftonline.com/{tenantId}` (set AZURE_TENANT_ID={tenantId}).",
    example:
      "AADSTS90130: Application '<application_id>' (Test) is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
  },
  {
    code: "500011",
    title: "The scope's resource has no service principal in the tenant",
    message:
      "The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
    meaning:
      "The resource part of the requested scope (everything before `/.default`) is not the App ID URI of any service principal in the tenant: a typo, a host that is not an App ID URI, a resource from another cloud, or the wrong tenant.",
    confirm:
      'Print the scope your code requests; `az ad sp list --filter "servicePrincipalNames/any(n:n eq \'<resource>\')" --query "[].appId"` returns nothing for an unknown resource.',
    fix: `For Azure OpenAI request \`${COGNITIVE_SCOPE}\` (the account's endpoint URL is not a scope) in tenant {tenantId}; in sovereign clouds use that cloud's cognitiveservices host.`,
    example:
      "AADSTS500011: The resource principal named https://xxx.azure-devices-provisioning.net was not found in the tenant named yyy. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
  },
  {
    code: "500113",
    title: "The app registration has no reply (redirect) address",
    message: "No reply address is registered for the application{idPhrase}.",
    meaning:
      "An interactive or authorization-code flow needs a redirect URI, and the app registration has none.",
    confirm:
      'az ad app show --id {clientId} --query "{web:web.redirectUris, publicClient:publicClient.redirectUris, spa:spa.redirectUris}" returns empty lists.',
    fix: "Add the redirect URI the client uses, e.g. `az ad app update --id {clientId} --public-client-redirect-uris http://localhost`.",
  },
  {
    code: "530003",
    title: "Conditional Access requires a managed device",
    message: "Your device is required to be managed to access this resource.",
    meaning:
      "The resource can only be reached from a device managed by an MDM agent such as Intune, or the client app cannot pass the device identity.",
    confirm: "Sign-in logs > Conditional Access tab names the policy; check the device's management state.",
    fix: "Sign in from a managed device with a broker-capable client, or use a managed identity or service principal for unattended access.",
  },
  {
    code: "530032",
    title: "A tenant security policy blocked the request (BlockedByConditionalAccessOnSecurityPolicy)",
    message: "User blocked due to risk on home tenant.",
    meaning:
      "A security policy at tenant level blocked the sign-in; Entra's error lookup words it as the user being blocked for risk detected in their home tenant (Identity Protection), which also hits guests.",
    confirm:
      "Sign-in logs show the policy; Identity Protection > Risky users shows whether the user is flagged.",
    fix: "Have an admin remediate or dismiss the user's risk (see aka.ms/unblockrisk; for guests aka.ms/riskyguestuser), then sign in again.",
  },
  {
    code: "650052",
    title: "The app needs a service the organization has not subscribed to or enabled",
    message:
      "The app needs access to a service ('{name}') that your organization '{organization}' has not subscribed to or enabled. Contact your IT Admin to review the configuration of your service subscriptions.",
    meaning:
      "The app's required permissions include a resource whose service principal is missing or disabled in the tenant.",
    confirm:
      "az ad app show --id {clientId} --query requiredResourceAccess lists the resources; check each with `az ad sp show --id <resourceAppId>`.",
    fix: "Remove the permission for the missing service from the app registration, or have an admin enable or provision that service in tenant {tenantId}.",
  },
  {
    code: "650056",
    title: "The app registration lacks the permissions (or admin consent) for the requested resource",
    message:
      "Misconfigured application. This could be due to one of the following: the client has not listed any permissions for '{name}' in the requested permissions in the client's application registration. Or, the admin has not consented in the tenant. Or, check the application identifier in the request to ensure it matches the configured client application identifier. Or, check the certificate in the request to ensure it's valid. Please contact your admin to fix the configuration or consent on behalf of the tenant. Client app ID: {id}.",
    meaning:
      "A delegated request asked for a resource the client app does not list in its API permissions, or no admin consented.",
    confirm:
      "az ad app show --id {clientId} --query requiredResourceAccess ; az ad app permission list-grants --id {clientId}",
    fix: "Add the API permission (for Azure OpenAI: Azure Cognitive Services, user_impersonation) with `az ad app permission add`, then `az ad app permission admin-consent --id {clientId}`.",
  },
  {
    code: "650057",
    title: "The requested resource is not in the app's required permissions",
    message:
      "Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client's application registration. Client app ID: {appId}({appName}). Resource value from request: {resource}. Resource app ID: {resourceAppId}. List of valid resources from app registration: {regList}.",
    meaning:
      "A delegated request named a resource that the client app registration does not list under API permissions; the message names the resource and the list the app does have.",
    confirm:
      "Compare the resource in the message with `az ad app show --id {clientId} --query requiredResourceAccess`.",
    fix: "Add the resource's permission to app {clientId} (for Azure OpenAI: Azure Cognitive Services, user_impersonation) and grant consent, or request a resource from the app's list.",
  },
  {
    code: "700016",
    title: "The client ID does not exist in the tenant",
    message:
      "Application with identifier '{appId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
    meaning:
      "No app or managed identity with this client ID has a service principal in the tenant the request went to: AZURE_CLIENT_ID holds an object ID, another app's ID or a typo; AZURE_TENANT_ID points at another tenant; or a multi-tenant app was never provisioned there.",
    confirm:
      "az ad sp show --id {clientId} (signed in to tenant {tenantId}) fails when the client is absent; compare AZURE_CLIENT_ID with the Application (client) ID shown by `az ad app show --id {clientId} --query appId`, and AZURE_TENANT_ID with `az account show --query tenantId`.",
    fix: "Set AZURE_CLIENT_ID to the Application (client) ID (for a managed identity, its clientId) and AZURE_TENANT_ID={tenantId} to the tenant that holds it; for a multi-tenant app have an admin run `az ad sp create --id {clientId}` in that tenant.",
    example:
      "AADSTS700016: Application with identifier '3bd1b8f2-452b-4ac3-a11d-12345e32e2f0' was not found in the directory 'a0343913-a606-4477-8d29-12345eb4cb08'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
  },
  {
    code: "700021",
    title: "The client assertion's iss/sub do not match client_id",
    message:
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials",
    meaning:
      "In a certificate or JWT client assertion, `iss` and `sub` must both equal the client ID sent as `client_id`; here they name another application.",
    confirm:
      "Decode the assertion payload and compare `iss` and `sub` with the client ID the credential was given.",
    fix: "Sign the assertion with `iss` and `sub` set to {clientId}, or pass the client ID the assertion was built for.",
  },
  {
    code: "700023",
    title: "The client assertion's audience is not this tenant's token endpoint",
    message:
      "Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.",
    meaning:
      "The `aud` of a client assertion must be the token endpoint of the tenant the request is sent to; the assertion was built for another tenant, cloud or endpoint.",
    confirm:
      "Decode the assertion payload and compare `aud` with `https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token`.",
    fix: "Set `aud` to `https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token` (the sovereign-cloud host where applicable) and send the request to the same tenant.",
  },
  {
    code: "700024",
    title: "The client assertion is expired or not yet valid (clock skew or a stale federated token)",
    message:
      "Client assertion is not within its valid time range. Current time: {curTime}, assertion valid from {validFrom}, expiry time of assertion {expTime}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    meaning:
      "The assertion's `exp` is in the past or its `nbf` in the future by Entra's clock: the machine clock is wrong, or a federated token (Kubernetes projected token, GitHub Actions or Azure Pipelines OIDC token) was reused after it expired, as in long CI jobs.",
    confirm:
      "Compare the three times in the message; check the local clock (`date -u`, `timedatectl status`) and how long the job ran between fetching the federated token and using it.",
    fix: "Synchronise the clock (NTP). Fetch the federated token just before the exchange and re-read AZURE_FEDERATED_TOKEN_FILE on each refresh; in pipelines request tokens early or use a managed identity. Azure CLI 2.59.0 reused an expired assertion after about five minutes (an MSAL regression, Azure/login#372): use another version.",
    example:
      "AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-08-29T05:47:32.1501147Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 2025-08-29T00:30:05.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
  },
  {
    code: "700025",
    title: "A public client sent a client secret or assertion",
    message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
    meaning:
      'The app registration is a public client ("Allow public client flows"), so it must not authenticate with a secret or certificate.',
    confirm: 'az ad app show --id {clientId} --query "{publicClient:isFallbackPublicClient}"',
    fix: "Drop the secret/assertion for this public flow, or use a separate confidential app registration for client credentials.",
  },
  {
    code: "700027",
    title: "The client assertion's signing key is not a certificate registered on the app",
    message:
      "Client assertion contains an invalid signature. [Reason - {reason}, Thumbprint of key used by client: '{thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '{appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/{appId}']",
    meaning:
      'The assertion was signed with a certificate that is not uploaded to the app registration ("The key was not found"), or the private key does not match the certificate ("use of the key to verify the signature failed"). The Go and Python troubleshooting guides call it "Client assertion contains an invalid signature".',
    confirm:
      "Compare the thumbprint in the message with `openssl x509 -in cert.pem -noout -fingerprint -sha1` and with the certificates listed by `az ad app credential list --id {clientId} --cert`.",
    fix: "Upload the certificate you sign with: `az ad app credential reset --id {clientId} --cert @cert.pem --append`, and make sure the PEM given to ClientCertificateCredential holds that certificate's own private key.",
    example:
      "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '3BAFFDE57ADC4ABB93374403C529DD84776E9B0F', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '9edfcdd9-0bc5-4bd4-b287-c3afc716aac7'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/9edfcdd9-0bc5-4bd4-b287-c3afc716aac7']",
  },
  {
    code: "700051",
    title: "The app requested an access token by implicit grant, which is not enabled",
    message: "response_type 'token' is not enabled for the application.",
    meaning:
      "The authorize request asked for `response_type=token` but implicit access tokens are off for the app.",
    confirm: 'az ad app show --id {clientId} --query "web.implicitGrantSettings"',
    fix: "Move to the authorization code flow with PKCE (MSAL does this), or enable implicit access tokens on the app registration.",
  },
  {
    code: "700054",
    title: "The app requested an ID token by implicit grant, which is not enabled",
    message: "response_type 'id_token' is not enabled for the application.",
    meaning:
      "The authorize request asked for `response_type=id_token` but implicit ID tokens are off for the app.",
    confirm: 'az ad app show --id {clientId} --query "web.implicitGrantSettings"',
    fix: "Use the authorization code flow, or enable ID tokens under Authentication > Implicit grant and hybrid flows for app {clientId}.",
  },
  {
    code: "700082",
    title: "The cached refresh token expired from inactivity",
    message:
      "The refresh token has expired due to inactivity. The token was issued on {issueDate} and was inactive for {time}.",
    meaning:
      "The developer sign-in (Azure CLI, azd, VS Code, shared token cache) was not used for longer than the refresh token's inactivity lifetime (90 days by default, shorter under tenant policy), so it cannot be refreshed.",
    confirm: "az account get-access-token fails with the same code.",
    fix: "Sign in again: `az login --tenant {tenantId}` (or `azd auth login`, `Connect-AzAccount`).",
    example:
      "AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2021-10-05T11:50:24.4394320Z and was inactive for 90.00:00:00.",
  },
  {
    code: "700211",
    title: "No federated identity credential trusts the token's issuer",
    message:
      "No matching federated identity record found for presented assertion issuer '{issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation",
    meaning:
      "Workload identity federation: the `iss` of the external token is not the issuer of any federated credential on {clientId}, e.g. an AKS OIDC issuer URL that differs (trailing slash, another cluster), or AKS identity bindings used without the identity binding proxy.",
    confirm:
      "Compare the issuer in the message with `az aks show -n <cluster> -g <rg> --query oidcIssuerProfile.issuerUrl` and with the issuers in `az identity federated-credential list --identity-name <mi-name> -g <rg>` (or `az ad app federated-credential list --id {clientId}`).",
    fix: "Create the federated credential with the exact issuer URL of the token; with AKS identity bindings set `enableAzureProxy: true` on WorkloadIdentityCredential.",
    example:
      "AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://oidc.prod-aks.azure.com/879-...-a6425/'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation",
  },
  {
    code: "700212",
    title: "No federated identity credential accepts the token's audience",
    message:
      "No matching federated identity record found for presented assertion audience '{audience}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation",
    meaning:
      "The `aud` of the external token does not match the audience of the federated credential (normally `api://AzureADTokenExchange`). With AKS identity bindings the token audience is `api://AKSIdentityBinding`, which only works through the identity binding proxy.",
    confirm:
      "Decode the federated token and compare `aud` with the audiences in `az ad app federated-credential list --id {clientId}` (or the managed identity's list).",
    fix: "Mint the token for `api://AzureADTokenExchange` (the projected service-account token audience) or add that audience to the credential; with AKS identity bindings set `enableAzureProxy: true` on WorkloadIdentityCredential.",
  },
  {
    code: "700213",
    title: "No federated identity credential matches the token's subject",
    message:
      "No matching federated identity record found for presented assertion subject '{subject}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation",
    meaning:
      "The `sub` of the external token is not the subject of any federated credential on {clientId}: another namespace or service account, another branch, environment or pull-request event in GitHub Actions, a wrong service connection in Azure Pipelines, or a case difference (matching is case-sensitive).",
    confirm:
      'Compare the subject in the message with the subjects in `az ad app federated-credential list --id {clientId} --query "[].subject"` (or `az identity federated-credential list ...`).',
    fix: "Add a federated credential whose subject is exactly the one printed (e.g. `system:serviceaccount:<ns>:<sa>` or `repo:<owner>/<repo>:environment:<env>`), same case.",
    example:
      "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:RMI-PACTA/workflow.transition.monitor:ref:refs/heads/update-scenario-es'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation",
  },
  {
    code: "900021",
    title: "The tenant ID is the empty GUID",
    message:
      "Requested tenant identifier '{tenant}' is not valid. Tenant identifiers may not be an empty GUID.",
    meaning:
      "The tenant was given as 00000000-0000-0000-0000-000000000000, a placeholder left in configuration.",
    confirm: "echo $AZURE_TENANT_ID (or the `tenantId` option).",
    fix: "Set AZURE_TENANT_ID to the real Directory (tenant) ID: {tenantId} (`az account show --query tenantId`).",
  },
  {
    code: "900023",
    title: "The tenant ID is neither a GUID nor a domain name",
    message:
      "Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain.",
    meaning:
      "The tenant value is malformed: a typo in the GUID, quotes or whitespace around it, or another value (a subscription name, a placeholder) used as the tenant.",
    confirm:
      "Print the tenant value the credential receives (AZURE_TENANT_ID or `tenantId`) with delimiters to see stray characters.",
    fix: "Set the tenant to the Directory (tenant) ID GUID {tenantId} (`az account show --query tenantId -o tsv`) or a verified domain of that tenant.",
    example:
      "AADSTS900023: Specified tenant identifier 'some tenant ID' is neither a valid DNS name, nor a valid external domain.",
  },
  {
    code: "900144",
    title: "A required parameter is missing from the token request body",
    message: "The request body must contain the following parameter: '{name}'.",
    meaning:
      "The token request lacks a parameter the flow needs (`grant_type`, `client_id`, `scope`, ...), typically from a hand-built request, a wrong Content-Type, or an unset variable.",
    confirm:
      "Inspect the POST body; it must be `application/x-www-form-urlencoded` and contain the parameter named.",
    fix:
      "Send the missing parameter; for Azure OpenAI with client credentials: `grant_type=client_credentials`, `client_id={clientId}`, `scope=" +
      COGNITIVE_SCOPE +
      "`, plus the secret or assertion.",
    example: "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
  },
  {
    code: "1002012",
    title: "The client-credentials flow was asked for a scope not ending in /.default",
    message:
      "The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
    meaning:
      "App-only tokens (client secret, certificate, federated or managed identity) can only request `<resource>/.default`; a named permission (e.g. `User.Read`) or a bare resource is rejected.",
    confirm: "Print the scope passed to getToken / getBearerTokenProvider.",
    fix: `Request \`${COGNITIVE_SCOPE}\` for Azure OpenAI.`,
    example:
      "AADSTS1002012: The provided value for scope User.Read is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
  },
  {
    code: "1003031",
    title: "The app registration's required resource access is empty or malformed",
    message: "Misconfigured required resource access in client application registration.",
    meaning:
      "Consent (typically `/adminconsent`) was requested for an app registration whose API permissions (requiredResourceAccess) are empty or invalid.",
    confirm: "az ad app show --id {clientId} --query requiredResourceAccess",
    fix: "Add the API permissions the app needs (`az ad app permission add --id {clientId} ...`), then grant consent again.",
  },
  {
    code: "7000112",
    title: "The application is disabled",
    message: "Application '{appId}'({appName}) is disabled.",
    meaning:
      "The service principal of the client application is disabled in the tenant, so it cannot sign in.",
    confirm: 'az ad sp show --id {clientId} --query "{enabled:accountEnabled}"',
    fix: "Have an admin re-enable it: `az ad sp update --id {clientId} --set accountEnabled=true`.",
  },
  {
    code: "7000215",
    title: "The client secret is invalid (the secret ID may have been pasted instead of its value)",
    message:
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{appId}'.",
    meaning:
      "The secret sent does not match any secret of the app: it is the secret's ID (a GUID) instead of its value, a secret of another app, a deleted secret, or a value with stray characters.",
    confirm:
      'az ad app credential list --id {clientId} --query "[].{keyId:keyId, hint:hint, end:endDateTime}" lists the app\'s secrets: the value in use must start with one of the hints, and a GUID equal to a keyId is the secret ID, not the secret.',
    fix: "Create a new secret and use its value (shown once): `az ad app credential reset --id {clientId} --append --display-name keyless` and put the returned `password` in AZURE_CLIENT_SECRET; better, replace the secret with a managed identity or workload identity federation.",
    example:
      "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '86be4c01-505b-45e9-bfc0-9b825fd84'.",
  },
  {
    code: "7000216",
    title: "A client-credentials request carried no client credential",
    message:
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    meaning:
      "The client-credentials grant needs the app to authenticate, but the request had no secret or assertion (an empty AZURE_CLIENT_SECRET, for example).",
    confirm: "Check that AZURE_CLIENT_SECRET or the certificate path is set and not empty.",
    fix: "Provide the secret value or a certificate for app {clientId}, or use a managed identity.",
  },
  {
    code: "7000218",
    title: "The app is a confidential client but no secret or assertion was sent",
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    meaning:
      "A public-client flow (device code, username/password, interactive) was used with an app registration Entra treats as confidential (only Web redirect URIs, public client flows off), so it demands a client credential.",
    confirm:
      'az ad app show --id {clientId} --query "{publicClient:isFallbackPublicClient, redirects:publicClient.redirectUris}"',
    fix: 'Enable "Allow public client flows" (`az ad app update --id {clientId} --is-fallback-public-client true`) and add a Mobile and desktop redirect URI such as `http://localhost`, or authenticate the app with a secret or certificate.',
    example:
      "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  },
  {
    code: "7000222",
    title: "The client secret has expired",
    message:
      "The provided client secret keys for app '{appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
    meaning: "Every client secret of the app has passed its end date; secrets are issued for a limited time.",
    confirm:
      'az ad app credential list --id {clientId} --query "[].{keyId:keyId, end:endDateTime}" shows end dates in the past.',
    fix: "Create a new secret (`az ad app credential reset --id {clientId} --append --display-name keyless`) and update AZURE_CLIENT_SECRET; better, move to a managed identity or workload identity federation, which have no secret to expire.",
    example:
      "AADSTS7000222: The provided client secret keys for app 'e94f4444-1405-42b7-87f3-66833288091c' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
  },
  {
    code: "7002138",
    title: "The federated credential's subject differs from the token's subject only in letter case",
    message:
      "No matching federated identity record found for presented assertion subject '{subject}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: https://learn.microsoft.com/entra/workload-id/workload-identity-federation. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.",
    meaning:
      "Federated identity credentials are matched case-sensitively since the August 2024 change; the configured subject differs from the token's only in case (organization, repository or environment names in GitHub subjects, for example).",
    confirm:
      'Compare the printed subject with `az ad app federated-credential list --id {clientId} --query "[].subject"` character by character.',
    fix: "Recreate the federated credential with the subject exactly as printed, same case.",
    example:
      "AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:CODfreak213421/IsocertsgDashboard23:environment:Production'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: https://learn.microsoft.com/entra/workload-id/workload-identity-federation. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.",
  },
  {
    code: "9001023",
    title: "The grant type is not supported over /common or /consumers",
    message:
      "The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
    meaning:
      "Flows such as username/password and client credentials need a tenant; the request went to a tenant-independent authority.",
    confirm: "Look at the authority in the request (`/common` or `/consumers`).",
    fix: "Use `https://login.microsoftonline.com/{tenantId}`: set AZURE_TENANT_ID={tenantId} or pass `tenantId`.",
    example:
      "AADSTS9001023: The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
  },
  {
    code: "9002313",
    title: "The token request is malformed (often a corrupted code or refresh token)",
    message: "Invalid request. Request is malformed or invalid.",
    meaning:
      "Something in the token request could not be parsed: most often an authorization code or refresh token that was altered (trimmed, re-encoded, lower-cased), or a hand-built request with wrong parameters.",
    confirm:
      "Capture the token request (a proxy or debug log, redacting secrets) and check each parameter, especially the grant, is sent unmodified.",
    fix: "Send the grant exactly as received, or get a new one by signing in again; prefer MSAL/@azure/identity over hand-built requests.",
    example: "AADSTS9002313: Invalid request. Request is malformed or invalid.",
  },
  {
    code: "9002331",
    title: "The app accepts personal Microsoft accounts only, so it must use /consumers",
    message:
      "Application '{appId}'({appName}) is configured for use by Microsoft Account users only. Please use the /consumers endpoint to serve this request.",
    meaning:
      "The app registration's supported account types are personal Microsoft accounts only, but the request went to a tenant or `/common` authority. Such an app cannot get tokens for Azure OpenAI in an organization's tenant.",
    confirm: "az ad app show --id {clientId} --query signInAudience (PersonalMicrosoftAccount)",
    fix: "Register an app for work or school accounts (signInAudience AzureADMyOrg or AzureADMultipleOrgs) and use it with tenant {tenantId}, or use `/consumers` if personal accounts are really intended.",
    example:
      "AADSTS9002331: Application '6b666991-4567-4982-9981-61877200efy1'(kaghiya-identity) is configured for use by Microsoft Account users only. Please use the /consumers endpoint to serve this request.",
  },
];

/**
 * The Entra ID (AADSTS) error codes keyless knows, sorted by numeric code.
 *
 * @example
 * AADSTS_ENTRIES.find((e) => e.code === "700016")?.title;
 * // "The client ID does not exist in the tenant"
 */
export const AADSTS_ENTRIES: readonly AadstsEntry[] = Object.freeze(
  [...ENTRIES].sort((a, b) => Number(a.code) - Number(b.code)).map((e) => Object.freeze(e)),
);

const BY_CODE: ReadonlyMap<string, AadstsEntry> = new Map(AADSTS_ENTRIES.map((e) => [e.code, e]));

const PREFIXED_CODE = /^(?:AADSTS)?(\d+)$/i;

/**
 * Finds the entry for an AADSTS code given as digits, a number or with the `AADSTS` prefix.
 *
 * @example
 * lookupAadsts("AADSTS7000215")?.code; // "7000215"
 * lookupAadsts(7000215)?.code; // "7000215"
 * lookupAadsts("12345"); // undefined
 */
export function lookupAadsts(code: string | number): AadstsEntry | undefined {
  if (typeof code === "number") {
    return Number.isSafeInteger(code) && code >= 0 ? BY_CODE.get(String(code)) : undefined;
  }
  const match = PREFIXED_CODE.exec(code.trim());
  return match?.[1] === undefined ? undefined : BY_CODE.get(match[1]);
}

/**
 * Lists the distinct AADSTS code numbers in a text, in order of first appearance.
 *
 * One global scan with a pattern that cannot backtrack, so it stays linear on multi-megabyte logs.
 *
 * @example
 * aadstsCodesIn("AADSTS70002: Error validating credentials. AADSTS50012: ..."); // ["70002", "50012"]
 */
export function aadstsCodesIn(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(/AADSTS(\d+)/g)) {
    if (match[1] !== undefined) seen.add(match[1]);
  }
  // `STS70021: ...`: a paste that cut the AAD off (the colon keeps other "STS" words out).
  for (const match of text.matchAll(/(?<![A-Za-z])STS(\d{5,7}):/g)) {
    if (match[1] !== undefined) seen.add(match[1]);
  }
  return [...seen];
}
