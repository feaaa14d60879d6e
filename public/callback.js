// pkjwt's redirect_uri (public/callback.html). The authorization server sends the browser here
// with code, state and iss (or error) in the query or fragment. This script hands that address
// to the pkjwt window that opened this one, and nothing else:
// 1. it wipes the address first (history.replaceState), so that no history entry, and nothing
//    that reads this window's address later, keeps the code or the state;
// 2. it posts the address to window.opener, for this origin only (targetOrigin);
// 3. when the opener is gone (a tab opened by hand, an opener cut off by the server), it says
//    so on a BroadcastChannel that only pages of this origin hear; a pkjwt page that takes
//    it answers "taken";
// 4. it closes itself once the answer is handed over, else it says in words what to do.
'use strict';
(() => {
  const received = location.href;
  const hasAnswer = location.search.length > 1 || location.hash.length > 1;
  history.replaceState(null, '', location.pathname);
  const CHANNEL = 'pkjwt-callback';
  const message = { type: 'pkjwt-callback', url: received };

  const say = (en, nl) => {
    const show = () => {
      document.getElementById('callback-message').textContent = en;
      document.getElementById('callback-message-nl').textContent = nl;
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show, { once: true });
    else show();
  };

  if (!hasAnswer) {
    say('This is pkjwt\'s callback address (redirect_uri). Register it with your provider; the authorization server sends the browser here after login. Go back to the pkjwt window to continue.',
      'Dit is het terugkeeradres (redirect_uri) van pkjwt. Registreer het bij je provider; de autorisatieserver stuurt de browser hierheen na het aanmelden. Ga terug naar het pkjwt-venster om verder te gaan.');
    return;
  }

  // Only an opener of this origin gets the answer. postMessage to another origin does not
  // throw (the browser drops it), so the origin is checked first: reading a foreign window's
  // location throws.
  let opener = null;
  try {
    const candidate = window.opener;
    opener = candidate && !candidate.closed && candidate.location.origin === location.origin ? candidate : null;
  } catch (_) {
    opener = null;
  }
  if (opener) {
    opener.postMessage(message, location.origin);
    window.close();
    say('The answer went to pkjwt. You can close this window.', 'Het antwoord is naar pkjwt gegaan. Je kunt dit venster sluiten.');
    return;
  }

  const back = () => say(
    'No pkjwt window took this answer. Go back to the pkjwt window that started the login and start it again there (its pending attempt lives only in that window\'s memory). This address has been wiped from this window\'s history.',
    'Geen pkjwt-venster nam dit antwoord aan. Ga terug naar het pkjwt-venster waar het aanmelden begon en start het daar opnieuw (de lopende poging bestaat alleen in het geheugen van dat venster). Dit adres is uit de geschiedenis van dit venster gewist.');
  if (!('BroadcastChannel' in self)) {
    back();
    return;
  }
  const channel = new BroadcastChannel(CHANNEL);
  const giveUp = setTimeout(() => {
    channel.close();
    back();
  }, 1500);
  channel.onmessage = (event) => {
    if (event.data && event.data.type === 'pkjwt-callback-taken') {
      clearTimeout(giveUp);
      channel.close();
      window.close();
      say('The answer went to pkjwt. You can close this window.', 'Het antwoord is naar pkjwt gegaan. Je kunt dit venster sluiten.');
    }
  };
  channel.postMessage(message);
})();
