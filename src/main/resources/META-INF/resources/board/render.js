// Draws the chairs. Every text goes in through textContent: names and messages are clinic data.

const SEVERITY = {
  CRITICAL: { icon: '▲', word: 'Critical' },
  WARNING: { icon: '◆', word: 'Warning' },
  INFO: { icon: '●', word: 'Info' },
  NONE: { icon: '✓', word: 'No open flags' },
};
const RANK = { CRITICAL: 3, WARNING: 2, INFO: 1 };
const STATUS = { PLANNED: 'Planned', DOSING: 'Dosing', OBSERVATION: 'Observation' };
const ROUTE = { IV: 'IV', IM: 'IM', INTRANASAL: 'intranasal' };
const DRUG = { KETAMINE: 'Ketamine', ESKETAMINE: 'Esketamine' };
const BLOCKERS_SHOWN = 2;
const FLAGS_SHOWN = 3;

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

function minutes(ms) {
  const m = Math.max(0, Math.floor(ms / 60000));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function clockTime(iso) {
  return new Date(iso).toLocaleTimeString([], TIME);
}

/** Escalated flags first (when the service escalates), then the most severe, then the newest. */
export function flagOrder(a, b) {
  const escalated = (f) => (f.escalatedAt || (f.escalations && f.escalations.length) ? 1 : 0);
  return (
    escalated(b) - escalated(a) ||
    (RANK[b.severity] || 0) - (RANK[a.severity] || 0) ||
    String(b.raisedAt).localeCompare(String(a.raisedAt))
  );
}

function badge(severity) {
  const s = SEVERITY[severity] || SEVERITY.NONE;
  return el('span', `badge sev-${(severity || 'none').toLowerCase()}`, el('span', 'icon', s.icon), ` ${s.word}`);
}

function vitals(reading, now) {
  if (!reading) {
    return el('p', 'vitals none', 'No vital signs yet');
  }
  const parts = [];
  const add = (label, value, unit = '') => {
    if (value !== null && value !== undefined) {
      parts.push(el('span', 'vital', el('span', 'label', label), ` ${value}${unit}`));
    }
  };
  if (reading.systolic != null || reading.diastolic != null) {
    add('BP', `${reading.systolic ?? '–'}/${reading.diastolic ?? '–'}`);
  }
  add('HR', reading.heartRate);
  add('SpO₂', reading.spo2, '%');
  add('RR', reading.respiratoryRate);
  add('T', reading.temperatureC, '°');
  add('MOAA/S', reading.sedationMoaas);
  if (reading.onOxygen) {
    parts.push(el('span', 'vital', 'on O₂'));
  }
  const ms = now - Date.parse(reading.measuredAt);
  const age = el('span', 'age', ms < 60000 ? 'just now' : `${minutes(ms)} ago`);
  return el('p', 'vitals', ...parts, age);
}

function news2(score) {
  if (!score) {
    return el('div', 'news2 none', el('span', 'label', 'NEWS2'), el('span', 'score', '–'));
  }
  // The RCP's clinical risk bands: 7+ high, 5-6 medium, a single parameter scoring 3 low-medium.
  const band =
    score.total >= 7 ? 'high' : score.total >= 5 ? 'medium' : score.maxSingle >= 3 ? 'low-medium' : 'low';
  const words = band.replace('-', '–') + ' risk';
  return el(
    'div',
    `news2 band-${band}`,
    el('span', 'label', 'NEWS2'),
    el('span', 'score', String(score.total)),
    el('span', 'band', score.complete ? words : `${words}, ${score.parameters}/7 measured`),
  );
}

function flagList(flags) {
  if (!flags.length) {
    return null;
  }
  const list = el('ul', 'flags');
  for (const f of flags.slice(0, FLAGS_SHOWN)) {
    const item = el('li', `flag sev-${f.severity.toLowerCase()}`, badge(f.severity), ` ${f.message}`);
    if (f.escalatedAt || (f.escalations && f.escalations.length)) {
      item.prepend(el('span', 'escalated', 'Escalated'));
    }
    list.append(item);
  }
  if (flags.length > FLAGS_SHOWN) {
    list.append(el('li', 'more', `+ ${flags.length - FLAGS_SHOWN} more`));
  }
  return list;
}

function readiness(r) {
  if (r.ready) {
    return el('p', 'readiness ready', '✓ Ready for discharge');
  }
  const blockers = r.blockers.slice(0, BLOCKERS_SHOWN).map((b) => b.message);
  const more = r.blockers.length > BLOCKERS_SHOWN ? ` (+${r.blockers.length - BLOCKERS_SHOWN})` : '';
  return el('p', 'readiness blocked', el('span', 'label', 'Not ready:'), ` ${blockers.join('; ')}${more}`);
}

function due(next, now) {
  if (!next) {
    return null;
  }
  const left = Date.parse(next.dueBy) - now;
  const when = left <= 0 ? 'now' : `in ${minutes(left)} (${clockTime(next.dueBy)})`;
  return el('p', left <= 0 ? 'due overdue' : 'due', el('span', 'label', 'Due'), ` ${next.message}, ${when}`);
}

function since(chair, now) {
  if (chair.status === 'PLANNED' || !chair.dosingStartedAt) {
    return 'not dosed yet';
  }
  return `${minutes(now - Date.parse(chair.dosingStartedAt))} since dosing`;
}

/** One chair's card; {@code now} is the service's clock as this page estimates it. */
export function chairCard(chair, flags, now) {
  const severity = chair.openFlags.mostSevere || 'NONE';
  const card = el('article', `chair sev-${severity.toLowerCase()}`);
  card.dataset.sessionId = chair.sessionId;
  card.dataset.severity = severity;
  card.dataset.status = chair.status;
  const counts = chair.openFlags;
  const countText = [
    counts.critical ? `${counts.critical} critical` : null,
    counts.warning ? `${counts.warning} warning` : null,
    counts.info ? `${counts.info} info` : null,
  ].filter(Boolean);
  const parts = [
    el(
      'header',
      'chair-head',
      el('h2', 'patient', chair.patient.displayName),
      el('p', 'drug', `${DRUG[chair.drug] || chair.drug} ${ROUTE[chair.route] || chair.route}`),
      el('p', `status status-${chair.status.toLowerCase()}`, STATUS[chair.status] || chair.status, ` · ${since(chair, now)}`),
    ),
    el(
      'div',
      'chair-alarm',
      badge(severity),
      countText.length ? el('span', 'counts', countText.join(', ')) : null,
      news2(chair.currentNews2),
    ),
    vitals(chair.latestReading, now),
    flagList([...flags].sort(flagOrder)),
    readiness(chair.dischargeReadiness),
    due(chair.nextDue, now),
  ];
  card.append(...parts.filter(Boolean));
  return card;
}
