import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listThreadPage } from '@/db/queries/comments';
import { getDecision, listCritics, listRevisions } from '@/db/queries/decisions';
import { listDecisionEvents } from '@/db/queries/events';
import { getMetricsByKeys, metricsAsPublished } from '@/db/queries/metrics';
import { getProvenance } from '@/db/queries/adr';
import { supersedeChain } from '@/db/queries/history';
import { listRelated } from '@/db/queries/links';
import { getLifecycle, getReadiness, listOutcomes, supersedable, type PublishRecord } from '@/db/queries/publish';
import { countPeopleByFunction, listRequests, listReviews, listVouches } from '@/db/queries/review';
import { listMembers } from '@/db/queries/teams';
import { searchUsers } from '@/db/queries/users';
import { DecisionRecord, RECORD_SECTIONS, type SectionSlots } from '@/app/_components/decision-record';
import { Checklist, LintList, sectionOf } from '@/app/_components/readiness';
import { RevisionList } from '@/app/_components/revision-list';
import { StatusBadge } from '@/app/_components/status-badge';
import { duration, formatDate, relativeTime, TimeAgo } from '@/app/_components/time-ago';
import { intParam, orNotFound, orProblem } from '@/app/_lib/load';
import { requireViewer } from '@/app/_lib/viewer';
import { discussionExpand } from '@/lib/discussion';
import { isOpen, isPublishedRecord } from '@/lib/permissions';
import { SECTION_LABELS, type ContentKey } from '@/lib/revisions';
import { FUNCTION_LABELS } from '@/lib/validation/common';
import { AuthorsBox } from './authors';
import { RelateForm, UnlinkButton } from './related-forms';
import { Activity, CommentCount, ReviewersBox, ReviewsSection, SectionThreads } from './critique';
import { CirculateForm, ReturnToDraftButton, ReviewForm, VouchForm } from './critique-forms';
import { OutcomeForm, PublishForm, ReverseForm, WithdrawForm, type PublishPreview } from './lifecycle-forms';
import { LifecycleBanner, Outcomes, PublishedSummary, RecordedDissent } from './record-parts';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ activity?: string; threads?: string; thread?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Decision #${(await params).id} · Candor` };
}

export default async function DecisionPage({ params, searchParams }: Props) {
  const { id: raw } = await params;
  const sp = await searchParams;
  const viewer = await requireViewer(`/decisions/${raw}`);
  // Long discussions are paged: a section shows its open threads first, the rest on request.
  const expand = discussionExpand(sp);
  const id = intParam(raw);
  const db = getDb();
  const decision = await orNotFound(getDecision(db, { id, viewer }));
  const c = decision.content;
  // What the viewer may do: lib/permissions.ts, the same rules the data layer enforces.
  const can = decision.can;
  const open = isOpen(decision.status);
  const published = isPublishedRecord(decision.status);
  // Everything else the page reads, at once; each part only when the page shows it.
  const [revisions, metrics, discussion, reviews, requests, vouches, [activity, activityProblem], readiness, life, outcomes, chain, provenance, related, candidates, [people, counts], members, critics] = await Promise.all([
    listRevisions(db, { id }),
    getMetricsByKeys(db, [...new Set([...c.metrics.map((m) => m.key), ...c.evidence.map((e) => e.metric)])]),
    listThreadPage(db, { id, viewer, expand }),
    listReviews(db, { id }),
    listRequests(db, { id }),
    open ? listVouches(db, { id }) : [],
    orProblem(listDecisionEvents(db, { decisionId: id, cursor: sp.activity, limit: 30 }), { items: [], nextCursor: null }),
    // The checklist, the linter's findings and the publish confirmation: shown while the decision is open.
    open ? getReadiness(db, { id, previewFor: { viewer, can } }) : null,
    getLifecycle(db, { id }),
    listOutcomes(db, { id }),
    supersedeChain(db, { id }),
    decision.imported ? getProvenance(db, id) : null,
    listRelated(db, { id }),
    can.publish ? supersedable(db, { teamId: decision.teamId, excludeId: id }) : [],
    can.circulate ? Promise.all([searchUsers(db, { limit: 200 }), countPeopleByFunction(db, decision.authors.map((a) => a.id))]) : ([[], {}] as const),
    can.manageAuthors ? listMembers(db, decision.teamId) : [],
    can.manageAuthors ? listCritics(db, id) : new Map<string, string>(),
  ]);
  const publishPreview = readiness?.publishPreview ? toPublishPreview(readiness.publishPreview) : null;
  const failing = readiness ? readiness.checks.filter((c) => !c.ok).length : 0;
  const today = new Date().toISOString().slice(0, 10);
  const outcomeDue = decision.status === 'published' && !!c.outcomeReviewDate && c.outcomeReviewDate <= today && outcomes.length === 0;
  const coAuthorCandidates = members.filter((m) => m.active && !decision.authors.some((a) => a.id === m.userId));
  // A published record names its metrics as the catalogue defined them when it was published; a rename since is shown beside.
  const { metrics: metricMap, renamedSince } = metricsAsPublished(metrics, life.snapshot?.metrics);
  const slots: SectionSlots = {};
  for (const section of ['summary', ...RECORD_SECTIONS] as const) {
    const sectionThreads = discussion.sections[section];
    const lint = readiness ? readiness.lint.filter((f) => sectionOf(f.field) === section) : [];
    slots[section] = {
      heading: <CommentCount discussion={sectionThreads} />,
      intro: <LintList findings={lint} label={`Linter findings on this section`} />,
      after: <SectionThreads discussion={sectionThreads} viewer={viewer} decisionId={id} canComment={can.comment} canObject={can.object} />,
    };
  }
  const recordThreads = discussion.sections.record;
  const autoRequested = [...new Set(c.metrics.map((m) => metricMap.get(m.key)?.owner).filter((o) => o && !decision.authors.some((a) => a.id === o.id)).map((o) => o!.name))];
  // Reviewer first: why this person was asked and since when, and what their verdict stands at.
  const asks = requests.filter((r) => r.open && (r.kind === 'person' ? r.person.id === viewer.id : r.function === viewer.function));
  const askedWhy = asks.length
    ? `You were asked ${relativeTime(asks.map((r) => r.since).sort()[0]!)}: ${asks
        .map((r) => (r.kind === 'function' ? `the authors want a reviewer from ${FUNCTION_LABELS[r.function].toLowerCase()}` : r.reason === 'metric-owner' ? 'you own a metric this decision cites' : 'the authors named you'))
        .join('; ')}.`
    : null;
  const mine = reviews.find((r) => r.latest && r.reviewer.id === viewer.id && r.verdict !== 'comment');
  const myStanding = mine ? `You ${mine.verdict === 'approve' ? 'approved' : 'requested changes on'} revision ${mine.revision}${mine.stale ? ' — the record changed since, so it no longer counts' : ''}` : null;
  const blockingOpen = discussion.blockingOpen;
  // A cited metric's owner who wrote or co-authors it vouches for the evidence, where a reviewer gives a verdict.
  const myVouch = readiness?.policy.requireMetricOwnerReview && can.vouch ? vouches.find((v) => v.owner.id === viewer.id) : undefined;
  // Where the viewer does what the checklist may wait for from them.
  const yourPart = myVouch ? { id: viewer.id, href: '#your-vouch', label: 'Vouch for the evidence' } : can.review ? { id: viewer.id, href: '#your-review', label: 'Give your review' } : undefined;
  return (
    <div className="page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/teams/${decision.team}`}>{decision.teamName}</Link> / Decision #{decision.id}
      </nav>
      <div className="decision-layout">
        <div>
          <header className="decision-head">
            <h1>{c.title || <span className="placeholder">Untitled decision</span>}</h1>
            <div className="byline">
              <StatusBadge status={decision.status} />
              <span>
                by{' '}
                {decision.authors.map((a, i) => (
                  <span key={a.id}>
                    {i > 0 && ', '}
                    {a.name} <span className="faint">({FUNCTION_LABELS[a.function]})</span>
                  </span>
                ))}
              </span>
              <span>
                Revision {decision.revision} · updated <TimeAgo iso={decision.updatedAt} />
              </span>
              {/* On a narrow screen the rail comes after the whole record: a way straight to it. */}
              <a className="rail-jump" href="#decision-rail">
                Status, checks and actions
              </a>
            </div>
            {c.tags.length > 0 && (
              <div className="row" style={{ marginTop: '0.6rem' }}>
                {c.tags.map((t) => (
                  <span key={t} className="tag">
                    {t}
                  </span>
                ))}
              </div>
            )}
          </header>
          {provenance && (
            <div className="banner info" role="note">
              <p style={{ margin: 0 }}>
                <strong>Imported</strong> from <code>{provenance.file}</code> ({provenance.format === 'nygard' ? 'Nygard / adr-tools' : provenance.format === 'madr' ? 'MADR' : provenance.format}) by {provenance.importedBy}. It did not pass Candor’s publish gate.
                {provenance.statusText ? <> Original status: “{provenance.statusText}”.</> : null}
                {provenance.deciders.length ? <> Deciders: {provenance.deciders.join(', ')}.</> : null}
              </p>
              <details className="small" style={{ marginTop: '0.4rem' }}>
                <summary>The original Markdown</summary>
                <pre>{provenance.original}</pre>
              </details>
            </div>
          )}
          <LifecycleBanner status={decision.status} life={life} />
          {published && <PublishedSummary id={id} life={life} />}
          {can.review && <ReviewForm decisionId={id} revision={decision.revision} asked={askedWhy} standing={myStanding} />}
          {myVouch && <VouchForm decisionId={id} revision={decision.revision} vouch={myVouch} wrote={decision.writerIds.includes(viewer.id)} />}
          <DecisionRecord content={c} metrics={metricMap} renamedSince={renamedSince} slots={slots} />
          {published && (
            <div className="record">
              <RecordedDissent life={life} decisionId={id} />
            </div>
          )}
          <div className="record">
            <Outcomes
              outcomes={outcomes}
              due={outcomeDue}
              reviewDate={c.outcomeReviewDate}
              metricName={(key) => metricMap.get(key)?.name ?? key}
              form={can.recordOutcome && (outcomeDue || outcomes.length > 0) ? <OutcomeForm key={outcomes.length} decisionId={id} later={outcomes.length > 0} /> : null}
            />
          </div>
          <section className="record-section record" aria-labelledby="discussion-h" id="section-record">
            <header>
              <h2 id="discussion-h">Discussion</h2>
              <CommentCount discussion={recordThreads} />
            </header>
            {recordThreads.count === 0 && <p className="small muted">Comments on the decision as a whole.</p>}
            <SectionThreads discussion={recordThreads} viewer={viewer} decisionId={id} canComment={can.comment} canObject={can.object} />
          </section>
          <div className="record">
            <ReviewsSection decisionId={id} reviews={reviews} revisions={revisions} currentRevision={decision.revision} authorIds={decision.authors.map((a) => a.id)} writerIds={decision.writerIds} open={open} />
            <section className="record-section" aria-labelledby="activity-h">
              <header>
                <h2 id="activity-h">Activity</h2>
              </header>
              {activityProblem ? (
                <p className="form-error" role="status">
                  {activityProblem} <Link href={`/decisions/${id}#activity-h`}>Newest activity</Link>
                </p>
              ) : (
                <Activity items={activity.items} />
              )}
              {activity.nextCursor && (
                <p>
                  <Link href={`/decisions/${id}?activity=${activity.nextCursor}#activity-h`}>Older activity →</Link>
                </p>
              )}
            </section>
          </div>
        </div>
        <aside className="rail" id="decision-rail" aria-label="About this decision">
          {/* What the decision is and what to do next first: status and its actions, the checks, who reviews; then the rest. */}
          <div className="rail-box">
            <h2>Status</h2>
            <p style={{ margin: '0 0 0.5rem' }}>
              <StatusBadge status={decision.status} />
            </p>
            {decision.status === 'in-review' && (
              <p className="small muted" style={{ marginTop: 0 }}>
                In review for {decision.inReviewSince ? duration(decision.inReviewSince) : '—'}
                {blockingOpen > 0 && (
                  <>
                    {' '}
                    · <strong className="text-danger">{blockingOpen} blocking objection{blockingOpen === 1 ? '' : 's'} open</strong>
                  </>
                )}
              </p>
            )}
            <div className="stack-sm">
              {can.edit && (
                <Link className="button" href={`/decisions/${decision.id}/edit`} style={{ width: '100%' }}>
                  Edit {decision.status === 'draft' ? 'draft' : 'decision'}
                </Link>
              )}
              {can.circulate && <CirculateForm decisionId={id} inReview={decision.status === 'in-review'} autoRequested={autoRequested} people={people.map((p) => ({ email: p.email, name: p.name }))} counts={counts} />}
              {can.returnToDraft && <ReturnToDraftButton decisionId={id} />}
              {can.withdraw && <WithdrawForm decisionId={id} />}
              {can.reverse && <ReverseForm decisionId={id} />}
            </div>
            {open && !can.edit && <p className="small muted" style={{ margin: '0.5rem 0 0' }}>Only the authors edit this decision. You can comment on any section.</p>}
            {published && <p className="small muted" style={{ margin: '0.5rem 0 0' }}>Published content is frozen: it changes only by being superseded or reversed.</p>}
            {c.outcomeReviewDate && <p className="small muted" style={{ margin: '0.75rem 0 0' }}>Outcome review: {formatDate(c.outcomeReviewDate)}</p>}
          </div>
          {readiness && (
            <div className={`rail-box merge-box ${readiness.ready ? 'ready' : 'blocked'}`}>
              <h2>Publish</h2>
              <p className="verdict">{readiness.ready ? 'Every check passes: ready to publish.' : `${failing} of ${readiness.checks.length} checks failing.`}</p>
              <Checklist checks={readiness.checks} collapsePassing hrefFor={(f) => `#section-${sectionOf(f)}`} you={yourPart} />
              {/* Authors see it on a draft too, disabled until the checks (being in review among them) pass. Whoever may publish may circulate (lib/permissions.ts). */}
              {can.circulate && (
                <div style={{ marginTop: '0.8rem' }}>
                  <PublishForm decisionId={id} ready={readiness.ready} failing={failing} supersedable={candidates} preview={publishPreview} />
                </div>
              )}
            </div>
          )}
          <div className="rail-box">
            <h2>Reviewers</h2>
            <ReviewersBox requests={requests} reviews={reviews} vouches={readiness?.policy.requireMetricOwnerReview ? vouches : []} inReview={decision.status === 'in-review'} authorIds={decision.authors.map((a) => a.id)} writerIds={decision.writerIds} />
          </div>
          {decision.status === 'draft' && !can.edit && (
            <div className="rail-box">
              <p className="small muted" style={{ margin: 0 }}>
                Verdicts open when the author circulates this draft for review. You can already comment.
              </p>
            </div>
          )}
          <div className="rail-box">
            <h2>{decision.authors.length === 1 ? 'Author' : 'Authors'}</h2>
            <AuthorsBox
              decisionId={id}
              authors={decision.authors.map((a) => ({ name: a.name, email: a.email, function: a.function }))}
              candidates={coAuthorCandidates.map((m) => ({ name: m.name, email: m.email, function: m.function, critique: critics.get(m.userId) ?? null }))}
              canManage={can.manageAuthors}
              teamName={decision.teamName}
            />
          </div>
          {chain.length > 1 && (
            <div className="rail-box">
              <h2>Supersede chain</h2>
              <ol className="chain" aria-label="Supersede chain, oldest first">
                {chain.map((d, i) => (
                  <li key={d.id} aria-current={d.id === id ? 'true' : undefined}>
                    {i > 0 && <span className="arrow">superseded by</span>}
                    {d.id === id ? (
                      <strong>
                        #{d.id} {d.title}
                      </strong>
                    ) : (
                      <Link href={`/decisions/${d.id}`}>
                        #{d.id} {d.title}
                      </Link>
                    )}{' '}
                    <StatusBadge status={d.status} />
                  </li>
                ))}
              </ol>
            </div>
          )}
          {(related.length > 0 || can.link) && (
            <div className="rail-box">
              <h2>Related decisions</h2>
              {related.length === 0 ? (
                <p className="small muted" style={{ margin: 0 }}>
                  None yet. Link earlier decisions this one builds on or affects.
                </p>
              ) : (
                <ul className="rail-list" aria-label="Related decisions">
                  {related.map((r) => (
                    <li key={r.id}>
                      <span>
                        <Link href={`/decisions/${r.id}`}>
                          #{r.id} {r.title}
                        </Link>{' '}
                        <StatusBadge status={r.status} />
                        {r.team !== decision.team && <span className="faint small"> · {r.teamName}</span>}
                      </span>
                      {can.link && <UnlinkButton decisionId={id} other={r.id} title={r.title} />}
                    </li>
                  ))}
                </ul>
              )}
              {can.link && <RelateForm decisionId={id} />}
            </div>
          )}
          <div className="rail-box">
            <h2>Revisions</h2>
            <RevisionList decisionId={decision.id} revisions={revisions} current={decision.revision} />
            <p className="small row" style={{ margin: '0.5rem 0 0' }}>
              {revisions.length > 1 && <Link href={`/decisions/${decision.id}/diff`}>Compare revisions</Link>}
              <a href={`/api/v1/decisions/${decision.id}/export.md`} download>
                Export as Markdown
              </a>
            </p>
          </div>
        </aside>
      </div>
    </div>
  );
}

function toPublishPreview(p: PublishRecord): PublishPreview {
  const fn = (f: string) => FUNCTION_LABELS[f as keyof typeof FUNCTION_LABELS] ?? f;
  return {
    revision: p.snapshot.revision,
    reviewers: p.snapshot.reviewers.map((r) => ({ name: r.name, function: fn(r.function), verdict: r.verdict, stale: r.stale })),
    overridden: p.snapshot.dissent.overridden.map((o) => ({ author: o.author, function: fn(o.function), section: SECTION_LABELS[o.section as ContentKey] ?? o.section, rationale: o.rationale })),
    staleChangeRequests: p.snapshot.dissent.staleChangeRequests.map((r) => ({ reviewer: r.reviewer, function: fn(r.function) })),
    relaxations: p.underPolicy.relaxations.map((r) => r.message),
  };
}
