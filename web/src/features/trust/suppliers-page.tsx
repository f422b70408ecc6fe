import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field, TextAreaField } from '../../components/field.tsx';
import { Icon } from '../../components/icon.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading, useErrorMessage } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useAction, useLoad } from '../../hooks.ts';
import { errorField } from '../../i18n/errors.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { isAdmin, isLeader } from '../community/roles.ts';
import { suppliersApi } from './api.ts';
import { contactParts } from './supplier-text.ts';
import type { ListedSupplierEntry, SupplierEntry, SupplierInput } from './types.ts';
import './trust.css';

/** The server's limits (src/http/trust/suppliers.schemas.ts). */
const NAME_MAX = 60;
const CONTACT_MAX = 100;
const LICENCE_MAX = 30;
const NOTE_MAX = 300;

/** The fields a server error belongs to: a name already in the register is the name's problem. */
const CODE_FIELDS = { supplier_exists: 'name' };
const FIELDS = ['name', 'contact', 'licenceNo', 'note'];

const blankToNull = (s: string) => (s.trim() ? s.trim() : null);

/** Adds a supplier, or changes one (`entry`): the same fields, prefilled when changing. */
function SupplierForm({
  entry,
  onSave,
  onCancel,
}: {
  entry?: SupplierEntry;
  onSave: (input: SupplierInput) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const [name, setName] = useState(entry?.name ?? '');
  const [contact, setContact] = useState(entry?.contact ?? '');
  const [licenceNo, setLicenceNo] = useState(entry?.licenceNo ?? '');
  const [baogong, setBaogong] = useState(entry?.baogong ?? false);
  const [note, setNote] = useState(entry?.note ?? '');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!name.trim()) {
      setProblems({ name: t('validation.required') });
      return;
    }
    setProblems({});
    setBusy(true);
    try {
      await onSave({
        name: name.trim(),
        contact: blankToNull(contact),
        licenceNo: blankToNull(licenceNo),
        baogong,
        note: blankToNull(note),
      });
    } catch (err) {
      // A problem with one field is said under it (a name already in the register); anything else below the form.
      const field = errorField(err, CODE_FIELDS);
      if (field !== null && FIELDS.includes(field)) setProblems({ [field]: message(err) });
      else setError(err);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="supplier-form" noValidate data-testid="supplier-form">
      <Field
        label={t('trust.suppliers.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={NAME_MAX}
        placeholder={t('trust.suppliers.namePlaceholder')}
        hint={t('trust.suppliers.nameHint')}
        error={problems.name}
        enterKeyHint="next"
      />
      <Field
        label={
          <>
            {t('trust.suppliers.contact')} <span className="supplier-optional">{t('common.optional')}</span>
          </>
        }
        value={contact}
        onChange={(e) => setContact(e.target.value)}
        maxLength={CONTACT_MAX}
        placeholder={t('trust.suppliers.contactPlaceholder')}
        error={problems.contact}
        enterKeyHint="next"
      />
      <Field
        label={
          <>
            {t('trust.suppliers.licence')} <span className="supplier-optional">{t('common.optional')}</span>
          </>
        }
        value={licenceNo}
        onChange={(e) => setLicenceNo(e.target.value)}
        maxLength={LICENCE_MAX}
        autoCapitalize="characters"
        autoComplete="off"
        spellCheck={false}
        hint={t('trust.suppliers.licenceHint')}
        error={problems.licenceNo}
        enterKeyHint="next"
      />
      <label className="switch-row">
        <input type="checkbox" checked={baogong} onChange={(e) => setBaogong(e.target.checked)} />
        <span>
          <strong>{t('trust.suppliers.baogongLabel')}</strong>
          <span className="muted secondary">{t('trust.suppliers.baogongHint')}</span>
        </span>
      </label>
      <TextAreaField
        label={
          <>
            {t('trust.suppliers.note')} <span className="supplier-optional">{t('common.optional')}</span>
          </>
        }
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={NOTE_MAX}
        rows={3}
        placeholder={t('trust.suppliers.notePlaceholder')}
        error={problems.note}
      />
      <FormError error={error} />
      <div className="button-row button-row-2">
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" busy={busy}>
          {entry ? t('trust.suppliers.save') : t('trust.suppliers.addSubmit')}
        </Button>
      </div>
    </form>
  );
}

/** One entry: its name and badges, licence, contact (a phone number to call), note, and what I may do. */
function SupplierRow({
  entry,
  onEdit,
  onChanged,
}: {
  entry: ListedSupplierEntry;
  onEdit: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const verified = entry.verifiedAt !== null;
  const {
    run: setVerified,
    busy,
    error,
  } = useAction(async (next: boolean) => {
    await suppliersApi.update(entry.id, { verified: next });
    toast(t(next ? 'trust.suppliers.verifiedToast' : 'trust.suppliers.unverifiedToast'), 'success');
    onChanged();
  });

  return (
    <li className="supplier" data-testid="supplier">
      <p className="supplier-head">
        <span className="supplier-name">{entry.name}</span>
        <span className={verified ? 'badge badge-verified' : 'badge supplier-unverified'}>
          {t(verified ? 'trust.suppliers.verified' : 'trust.suppliers.unverified')}
        </span>
        {entry.baogong ? (
          <span className="badge supplier-baogong">{t('trust.suppliers.baogong')}</span>
        ) : null}
      </p>
      {entry.underWay > 0 ? (
        <p className="supplier-under-way" data-testid="supplier-under-way">
          {t('trust.suppliers.underWay', { count: entry.underWay })}
          {!verified && entry.can.verify ? (
            <span className="supplier-check-now"> {t('trust.suppliers.checkNow')}</span>
          ) : null}
        </p>
      ) : null}
      <dl className="supplier-facts">
        <dt>{t('trust.suppliers.licence')}</dt>
        <dd className={entry.licenceNo ? 'supplier-licence' : 'muted'}>
          {entry.licenceNo ?? t('trust.suppliers.noLicence')}
        </dd>
        {entry.contact ? (
          <>
            <dt>{t('trust.suppliers.contact')}</dt>
            <dd>
              {contactParts(entry.contact).map((p, i) =>
                p.tel ? (
                  <a key={i} href={p.tel} className="phone-link">
                    {p.text}
                  </a>
                ) : (
                  <span key={i}>{p.text}</span>
                ),
              )}
            </dd>
          </>
        ) : null}
      </dl>
      {entry.note ? <p className="supplier-note">{entry.note}</p> : null}
      {entry.can.verify || entry.can.edit ? (
        <div className="button-row supplier-actions">
          {entry.can.verify ? (
            <Button
              variant={verified ? 'secondary' : 'primary'}
              busy={busy}
              onClick={() => void setVerified(!verified)}
            >
              {verified ? t('trust.suppliers.unverify') : t('trust.suppliers.verify')}
            </Button>
          ) : null}
          {entry.can.edit ? (
            <Button variant="secondary" onClick={onEdit} disabled={busy}>
              {t('trust.suppliers.edit')}
            </Button>
          ) : null}
        </div>
      ) : null}
      <FormError error={error} />
    </li>
  );
}

/**
 * /c/:id/suppliers, 供应商名录 (docs/trust.md): the suppliers the compound's leaders buy from, with the licence and
 * 保供 status they gave, and whether an admin (居委) checked them. Every member reads it; leaders and admins add
 * to it, admins verify. 放心买 on a buy's page says where the buy's supplier stands here.
 */
export default function SuppliersPage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const toast = useToast();
  const list = useLoad((signal) => suppliersApi.list(community.id, signal), [community.id]);
  // The form open: a new supplier ('new') or the entry being changed (its id).
  const [editing, setEditing] = useState<string | null>(null);
  const canAdd = isAdmin(me) || isLeader(me);

  const add = async (input: SupplierInput) => {
    await suppliersApi.add(community.id, input);
    toast(t('trust.suppliers.added'), 'success');
    setEditing(null);
    list.reload();
  };
  const change = (id: string) => async (input: SupplierInput) => {
    await suppliersApi.update(id, input);
    toast(t('trust.suppliers.saved'), 'success');
    setEditing(null);
    list.reload();
  };

  const suppliers = list.status === 'ready' ? list.data.suppliers : [];
  return (
    <Page title={t('trust.suppliers.title')} back={`/c/${community.id}`}>
      <p className="muted supplier-lead">{t('trust.suppliers.lead')}</p>
      {isAdmin(me) ? (
        <p className="muted secondary supplier-lead">{t('trust.suppliers.verifyHint')}</p>
      ) : null}
      {canAdd ? (
        editing === 'new' ? (
          <Card title={t('trust.suppliers.add')}>
            <SupplierForm onSave={add} onCancel={() => setEditing(null)} />
          </Card>
        ) : (
          <Button variant="secondary" block onClick={() => setEditing('new')}>
            <Icon name="plus" size={20} />
            {t('trust.suppliers.add')}
          </Button>
        )
      ) : null}
      {list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : suppliers.length === 0 ? (
        editing === 'new' ? null : (
          <EmptyState icon="truck" title={t('trust.suppliers.empty')}>
            <p>{t(canAdd ? 'trust.suppliers.emptyLeader' : 'trust.suppliers.emptyResident')}</p>
          </EmptyState>
        )
      ) : (
        <Card title={t('trust.suppliers.count', { count: suppliers.length })}>
          <ul className="list-plain supplier-list" data-testid="supplier-list">
            {suppliers.map((s) =>
              editing === s.id ? (
                <li key={s.id} className="supplier">
                  <SupplierForm entry={s} onSave={change(s.id)} onCancel={() => setEditing(null)} />
                </li>
              ) : (
                <SupplierRow key={s.id} entry={s} onEdit={() => setEditing(s.id)} onChanged={list.reload} />
              ),
            )}
          </ul>
        </Card>
      )}
    </Page>
  );
}
