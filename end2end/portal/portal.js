// The portal's half of the sign-in protocol (README, "Embedding in a partner portal"). The app
// in the iframe posts {type: "insights:ready"} when it starts and {type:
// "insights:token-request"} before its token expires or after the server refused it; the
// portal answers {type: "insights:token", token}, posted to the app's exact origin — never "*".
const params = new URLSearchParams(location.search);
const app = new URL(params.get('app') ?? 'http://127.0.0.1:3000/');
const user = params.get('user') ?? 'executive';
const frame = document.getElementById('insights');
document.getElementById('who').textContent = `signed in as ${user}`;

// A real portal asks its own back end, which signs a short-lived token for the user it has
// signed in (`insights token` shows the claims it needs).
async function freshToken() {
  const res = await fetch(`/token?user=${encodeURIComponent(user)}`);
  return (await res.text()).trim();
}

window.addEventListener('message', async (event) => {
  // Only the app, in our iframe, from its exact origin.
  if (event.origin !== app.origin || event.source !== frame.contentWindow) return;
  const type = event.data && event.data.type;
  if (type === 'insights:ready' || type === 'insights:token-request') {
    frame.contentWindow.postMessage({ type: 'insights:token', token: await freshToken() }, app.origin);
  }
});

frame.src = app.href;
