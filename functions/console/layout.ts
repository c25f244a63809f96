/**
 * The console's page frame: who is signed in, the places a therapist works in, sign out, and
 * the page. Styles and the one small script carry the response's CSP nonce: no inline style
 * attributes, no inline handlers. Everything works without the script; it only asks before a form
 * that cannot be undone, and moves the focus to a message the page opened with.
 */
import { escapeHtml, faviconLink, html, type SafeHtml } from '#shared/http/html.js';
import type { Section } from './console-page.js';

const sections: { section: Section; href: string; label: string }[] = [
  { section: 'today', href: '/console', label: 'Today' },
  { section: 'inbox', href: '/console/inbox', label: 'Inbox' },
  { section: 'bookings', href: '/console/bookings', label: 'Bookings' },
  { section: 'availability', href: '/console/availability', label: 'Availability' },
  { section: 'settings', href: '/console/settings', label: 'Booking settings' },
  { section: 'breaks', href: '/console/breaks', label: 'Breaks' },
  { section: 'clients', href: '/console/clients', label: 'Clients' },
  { section: 'waiting-list', href: '/console/waiting-list', label: 'Waiting list' },
  { section: 'calendar', href: '/console/calendar', label: 'Calendars' },
  { section: 'profile', href: '/console/profile', label: 'Your pages' },
];

const styles = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1f2328;background:#f6f6f3}
body{margin:0}
[hidden]{display:none!important}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:1}.skip:focus{left:.5rem;top:.5rem}
header.top{background:#fff;border-bottom:1px solid #d0d7de}
.bar{max-width:48rem;margin:0 auto;padding:.75rem 1rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline}
.brand{font-weight:700;color:#1a5e3a}.who{color:#57606a;flex:1}
.bar form{margin:0}.bar button{margin:0}
header nav ul{list-style:none;margin:0 auto;padding:.25rem .5rem 0;max-width:48rem;display:flex;flex-wrap:wrap;gap:0 .25rem}
header nav a{display:inline-block;padding:.6rem .6rem;color:#1f2328;text-decoration:none;border-bottom:3px solid transparent}
header nav a:hover{text-decoration:underline}header nav a[aria-current=page]{border-bottom-color:#1a5e3a;font-weight:600}
main{max-width:48rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .25rem}
a{color:#0b57b0}p{margin:.5rem 0}
.card{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1rem 1.25rem;margin:.75rem 0}
.card > :first-child{margin-top:0}
ul.items{list-style:none;padding:0;margin:0}ul.items > li{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:.75rem 1rem;margin:.5rem 0}
.muted{color:#57606a}.small{font-size:.9rem}
.tag{display:inline-block;font-size:.85rem;border:1px solid #57606a;border-radius:1rem;padding:0 .5rem;margin-left:.25rem;color:#1f2328;background:#fff}
.tag.attention{border-color:#8a4b00;color:#6b3a00;background:#fff8e6}
.message{white-space:pre-wrap;background:#fbfbf9;border-left:4px solid #57606a;padding:.75rem 1rem;margin:.5rem 0}
label,.label{display:block;font-weight:600;margin:1rem 0 .25rem}
.hint{display:block;color:#57606a;font-weight:400;margin:0 0 .25rem}
input,select,textarea{font:inherit;color:inherit;box-sizing:border-box;padding:.45rem .5rem;border:1px solid #57606a;border-radius:.375rem;background:#fff}
input[type=text],input[type=email],input[type=url],select,textarea{width:100%}
input[type=date]{display:block;min-width:11rem}input[inputmode=numeric],input[inputmode=decimal]{display:block;width:8rem}
input[type=checkbox],input[type=radio]{width:1.25rem;height:1.25rem;margin:0 .5rem 0 0;vertical-align:middle}
label.choice{font-weight:400;margin:.5rem 0;display:flex;align-items:center}
fieldset{border:0;padding:0;margin:1rem 0}
.date-parts{display:flex;flex-wrap:wrap;gap:.5rem 1rem}.date-parts label{font-weight:400;margin:.25rem 0}.date-parts input{display:block;width:4.5rem}.date-parts span:last-child input{width:6rem}.date-parts select{width:auto}legend{font-weight:600;padding:0}
.day{border-top:1px solid #d0d7de;padding-top:.5rem;margin:.5rem 0}
.period{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .5rem;margin:.25rem 0}
.period label{display:inline;font-weight:400;margin:0}.period input{width:5.5rem}
button,.button{font:inherit;display:inline-block;margin:1rem .5rem 0 0;padding:.55rem 1.1rem;border-radius:.375rem;border:2px solid #1a5e3a;background:#fff;color:#1a5e3a;cursor:pointer;text-decoration:none;min-height:2.75rem;box-sizing:border-box}
button.primary,.button.primary{background:#1a5e3a;color:#fff}
button.danger{border-color:#a40e26;color:#a40e26}
button.link{border:0;background:none;color:#0b57b0;text-decoration:underline;padding:.25rem 0;min-height:0;margin:0}
:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.error{color:#a40e26;font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border:2px solid #a40e26}
.summary{border:3px solid #a40e26;background:#fff;padding:.75rem 1rem;border-radius:.5rem;margin:0 0 1rem}
.summary h2{margin-top:0;font-size:1.1rem}
.done{border-left:6px solid #1a5e3a;background:#fff;padding:.75rem 1rem;border-radius:.25rem;margin:0 0 1rem}
details{margin:.75rem 0}summary{cursor:pointer;color:#0b57b0;text-decoration:underline;padding:.25rem 0}
dl{margin:.5rem 0;display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem}dt{color:#57606a}dd{margin:0}
.preview{background:#fbfbf9;border:1px dashed #57606a;border-radius:.375rem;padding:.75rem 1rem;white-space:pre-wrap;font-size:.95rem}
.pager{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0}
.pager a{padding:.4rem 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
@media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
`;

/**
 * Asks before a form marked data-confirm; moves the focus to a message marked data-focus; shows a
 * copy button (hidden without the script) for the field its data-copy names.
 */
const script = `document.addEventListener('submit',function(e){var q=e.target.getAttribute('data-confirm');if(q&&!window.confirm(q))e.preventDefault();});
var f=document.querySelector('[data-focus]');if(f)f.focus();
document.querySelectorAll('[data-copy]').forEach(function(b){var id=b.getAttribute('data-copy'),t=document.getElementById(id),s=document.querySelector('[data-copied="'+id+'"]');if(!t||!navigator.clipboard)return;b.hidden=false;b.addEventListener('click',function(){navigator.clipboard.writeText(t.value).then(function(){if(s)s.textContent='Copied.';},function(){t.select();if(s)s.textContent='Select the address and copy it.';});});});`;

export interface FrameInput {
  title: string;
  body: SafeHtml;
  nonce: string;
  section?: Section;
  /** Who is signed in; absent on the sign-in pages. */
  signedIn?: { displayName: string; csrf: string };
}

export function consoleFrame(input: FrameInput): string {
  const { signedIn, section, nonce } = input;
  const header = signedIn
    ? html`<header class="top">
<div class="bar"><span class="brand">Threshold</span><span class="who">Signed in as ${signedIn.displayName}</span>
<form method="post" action="/console/sign-out"><input type="hidden" name="csrf" value="${signedIn.csrf}"><button type="submit" class="link">Sign out</button></form></div>
<nav aria-label="Console"><ul>${sections.map((s) => html`<li><a href="${s.href}"${s.section === section ? html` aria-current="page"` : html``}>${s.label}</a></li>`)}</ul></nav>
</header>`
    : html`<header class="top"><div class="bar"><span class="brand">Threshold</span></div></header>`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
${faviconLink}
<title>${escapeHtml(input.title)} · Threshold</title>
<style nonce="${escapeHtml(nonce)}">${styles}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the page</a>
${header.value}
<main id="main">
${input.body.value}
</main>
<script nonce="${escapeHtml(nonce)}">${script}</script>
</body>
</html>`;
}
