/**
 * The "are you sure" dialog the admin center shows before every remote action (docs/console.md), with a
 * field per body parameter the catalog declares, typed as Graph's metadata types it: a checkbox for
 * Edm.Boolean, a textbox for Edm.String, a number for Edm.Int32 (with its range), comma-separated text for
 * Collection(Edm.String), a select of an enum's members, a group of fields for a complex type
 * (src/schemas/action-complex-types.ts). Empty optional fields are left out of the body: Graph takes a missing
 * nullable parameter as null.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { graphEnums } from '../../src/schemas/enums.js';
import { ACTION_COMPLEX_TYPES, type ComplexType } from '../../src/schemas/action-complex-types.js';
import { actionTitle } from '../actions.js';
import type { ActionParameter, DeviceAction } from './device-types.js';

type Values = Record<string, string | boolean>;

/** An enum parameter's members (`microsoft.graph.obliterationBehavior`), less the `unknownFutureValue` sentinel. */
function enumMembers(type: string): string[] | undefined {
  const table = (graphEnums as Record<string, Record<string, number>>)[type.replace(/^microsoft\.graph\./, '')];
  return table ? Object.keys(table).filter((m) => m !== 'unknownFutureValue') : undefined;
}

/** The JSON value of one field (undefined: left out), `key` naming it in `values` (`a.b` inside a complex type). */
function valueOf(type: string, key: string, values: Values): unknown {
  const complex = ACTION_COMPLEX_TYPES[type];
  if (complex) return complexValue(complex, key, values);
  const raw = values[key];
  if (type === 'Edm.Boolean') return raw === true;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  if (type === 'Edm.Int32') return Number(raw);
  if (type === 'Collection(Edm.String)') return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return raw;
}

function complexValue(complex: ComplexType, key: string, values: Values): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { '@odata.type': `#${complex.name}` };
  let any = false;
  for (const [member, { type }] of Object.entries(complex.members)) {
    const v = valueOf(typeof type === 'string' ? type : type.name, `${key}.${member}`, values);
    if (v === undefined) continue;
    out[member] = v;
    if (v !== false) any = true;
  }
  // A nested complex value with nothing set is left out; the parameter itself is always sent, its booleans false
  // when unticked (what the dialog's unticked boxes say).
  return any || !key.includes('.') ? out : undefined;
}

/** The request body: undefined when the action takes no parameters (Graph's bodiless POST). */
export function actionBody(action: DeviceAction, values: Values): Record<string, unknown> | undefined {
  if (action.parameters.length === 0) return undefined;
  const body: Record<string, unknown> = {};
  for (const p of action.parameters) {
    const v = valueOf(p.type, p.name, values);
    if (v !== undefined) body[p.name] = v;
  }
  return body;
}

function Field({ name, label, type, param, values, set }: {
  name: string; label: string; type: string; param?: ActionParameter; values: Values; set(name: string, v: string | boolean): void;
}) {
  const id = `param-${name.replace(/[^A-Za-z0-9]/g, '-')}`;
  const complex = ACTION_COMPLEX_TYPES[type];
  if (complex) {
    return (
      <fieldset>
        <legend>{label}</legend>
        {Object.entries(complex.members).map(([member, { type: t }]) => (
          <Field key={member} name={`${name}.${member}`} label={member} type={typeof t === 'string' ? t : t.name} values={values} set={set} />
        ))}
      </fieldset>
    );
  }
  if (type === 'Edm.Boolean') {
    return (
      <div class="field">
        <input id={id} type="checkbox" checked={values[name] === true} onChange={(e) => set(name, e.currentTarget.checked)} />
        <label for={id}>{label}</label>
      </div>
    );
  }
  const text = typeof values[name] === 'string' ? (values[name] as string) : '';
  const members = enumMembers(type);
  let input;
  if (members) {
    input = (
      <select id={id} value={text} onChange={(e) => set(name, e.currentTarget.value)}>
        <option value="">(not set)</option>
        {members.map((m) => <option key={m} value={m}>{m}</option>)}
      </select>
    );
  } else if (type === 'Edm.Int32') {
    input = <input id={id} type="number" step={1} min={param?.minimum} max={param?.maximum} value={text} onInput={(e) => set(name, e.currentTarget.value)} />;
  } else {
    input = <input id={id} type="text" maxLength={param?.maxLength} value={text} onInput={(e) => set(name, e.currentTarget.value)} />;
  }
  return (
    <div class="field">
      <label for={id}>{label}{type === 'Collection(Edm.String)' ? ' (comma-separated)' : ''}</label>
      {input}
    </div>
  );
}

/** The modal dialog: `onConfirm` with the body to send, `onCancel` on Cancel or Escape. */
export function ActionDialog({ action, deviceName, onConfirm, onCancel }: {
  action: DeviceAction; deviceName: string; onConfirm(body: Record<string, unknown> | undefined): void; onCancel(): void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<Values>({});
  const title = actionTitle(action.name);
  // showModal: the page behind is inert and focus moves into the dialog (keyboard users land on its first field).
  // On closing, focus goes back to the button that opened it (a removed dialog would leave it on the body).
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  const set = (name: string, v: string | boolean) => setValues((old) => ({ ...old, [name]: v }));
  return (
    <dialog ref={dialog} aria-labelledby="action-dialog-title" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); onConfirm(actionBody(action, values)); }}>
        <h2 id="action-dialog-title">{title}</h2>
        <p>Are you sure? {title} will be sent to {deviceName}: <code>{action.method} {action.path}</code>.</p>
        {action.parameters.map((p) => (
          <Field key={p.name} name={p.name} label={p.name} type={p.type} param={p} values={values} set={set} />
        ))}
        <div class="buttons">
          <button type="submit" class="primary">Confirm</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </dialog>
  );
}
