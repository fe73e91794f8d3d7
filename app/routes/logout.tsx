import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/auth/guards.server";
import { destroyUserSession } from "~/auth/session.server";
import { logAccess } from "~/audit/log-access.server";

export async function action({ request }: ActionFunctionArgs) {
  // Signing out is allowed to anyone: without a session it simply clears the cookie.
  const user = await getOptionalUser(request);
  if (user) await logAccess({ userId: user.id, action: "SIGN_OUT", resourceType: "session", request });
  const setCookie = await destroyUserSession(request);
  throw redirect("/login?reason=signed-out", { headers: { "Set-Cookie": setCookie } });
}

export async function loader() {
  // Signing out changes state, so it is POST only; a GET (a link, a prefetch) goes back to the app.
  throw redirect("/");
}
