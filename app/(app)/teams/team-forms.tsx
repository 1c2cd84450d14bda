'use client';

import { useActionState } from 'react';
import { FieldError, fieldProps, FormMessages, SubmitButton, type FormState } from '@/app/_components/form-bits';
import { FUNCTION_LABELS, FUNCTIONS, type UserFunction } from '@/lib/vocabulary';
import { addMemberAction, createTeamAction, removeMemberAction, setMemberFunctionAction, setMemberRoleAction } from './actions';

export function CreateTeamForm() {
  const [state, action] = useActionState<FormState, FormData>(createTeamAction, {});
  return (
    <form action={action} className="card" aria-labelledby="create-team">
      <h2 id="create-team">Create a team</h2>
      <FormMessages state={state} />
      <div className="inline-form">
        <div className="field">
          <label htmlFor="name">Name</label>
          <input type="text" placeholder="Checkout" required {...fieldProps('name', state)} />
          <FieldError name="name" state={state} />
        </div>
        <div className="field">
          <label htmlFor="slug">Slug</label>
          <input type="text" placeholder="checkout" required {...fieldProps('slug', state, 'slug-hint')} />
          <FieldError name="slug" state={state} />
        </div>
        <SubmitButton pendingText="Creating…">Create team</SubmitButton>
      </div>
      <p className="hint small muted" id="slug-hint" style={{ marginTop: '0.5rem' }}>
        The slug appears in links and the API: lowercase letters, digits and dashes.
      </p>
    </form>
  );
}

export function AddMemberForm({ team }: { team: string }) {
  const [state, action] = useActionState<FormState, FormData>(addMemberAction, {});
  return (
    <form action={action} aria-labelledby="add-member">
      <h2 id="add-member">Add a member</h2>
      <FormMessages state={state} />
      <input type="hidden" name="team" value={team} />
      <div className="inline-form">
        <div className="field">
          <label htmlFor="email">Email</label>
          <input type="email" required placeholder="name@example.com" {...fieldProps('email', state)} key={state.ok ? 'reset' : 'keep'} />
          <FieldError name="email" state={state} />
        </div>
        <div className="field" style={{ flex: '0 0 160px' }}>
          <label htmlFor="role">Role</label>
          <select {...fieldProps('role', state)} key={state.values?.role} defaultValue={state.values?.role || 'member'}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <SubmitButton pendingText="Adding…">Add member</SubmitButton>
      </div>
    </form>
  );
}

/**
 * One member in team settings. `canSetFunction`: the viewer is an organisation admin and this is not
 * themselves. A function counts on every team, so only org admins set it; team admins see it as text.
 */
export function MemberRow({
  team,
  member,
  canRemove,
  canSetFunction,
}: {
  team: string;
  member: { userId: string; name: string; email: string; function: UserFunction; role: 'member' | 'admin'; active: boolean };
  canRemove: boolean;
  canSetFunction: boolean;
}) {
  const [roleState, roleAction] = useActionState<FormState, FormData>(setMemberRoleAction, {});
  const [removeState, removeAction] = useActionState<FormState, FormData>(removeMemberAction, {});
  const [fnState, fnAction] = useActionState<FormState, FormData>(setMemberFunctionAction, {});
  const error = roleState.formError ?? removeState.formError ?? fnState.formError;
  return (
    <li>
      <div className="row">
        <div style={{ flex: 1 }}>
          <strong>{member.name}</strong> <span className="muted small">{member.email}</span>
          {!member.active && <span className="chip bad" style={{ marginLeft: '0.35rem' }}>deactivated</span>}
          <div className="small faint">{FUNCTION_LABELS[member.function]}</div>
        </div>
        {canSetFunction && (
          <form action={fnAction} className="row">
            <input type="hidden" name="team" value={team} />
            <input type="hidden" name="userId" value={member.userId} />
            <label className="sr-only" htmlFor={`function-${member.userId}`}>
              Function of {member.name}
            </label>
            <select id={`function-${member.userId}`} name="function" defaultValue={fnState.values?.function || member.function} key={`${member.function}-${fnState.values?.function ?? ''}`} style={{ width: 'auto' }}>
              {FUNCTIONS.map((f) => (
                <option key={f} value={f}>
                  {FUNCTION_LABELS[f]}
                </option>
              ))}
            </select>
            <SubmitButton className="button small" pendingText="…">
              <span>
                Set function<span className="sr-only"> of {member.name}</span>
              </span>
            </SubmitButton>
          </form>
        )}
        <form action={roleAction} className="row">
          <input type="hidden" name="team" value={team} />
          <input type="hidden" name="userId" value={member.userId} />
          <label className="sr-only" htmlFor={`role-${member.userId}`}>
            Role of {member.name}
          </label>
          <select id={`role-${member.userId}`} name="role" defaultValue={member.role} style={{ width: 'auto' }}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
          <SubmitButton className="button small" pendingText="…">
            Change role
          </SubmitButton>
        </form>
        {canRemove && (
          <form action={removeAction}>
            <input type="hidden" name="team" value={team} />
            <input type="hidden" name="userId" value={member.userId} />
            <SubmitButton className="button small danger" pendingText="Removing…">
              <span>
                Remove<span className="sr-only"> {member.name}</span>
              </span>
            </SubmitButton>
          </form>
        )}
      </div>
      {error && (
        <p className="field-error" role="status">
          {error}
        </p>
      )}
      {fnState.ok && fnState.message && (
        <p className="form-success small" role="status">
          {fnState.message}
        </p>
      )}
    </li>
  );
}
