import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { suppliersApi } from './api.ts';
import { findSupplier } from './supplier-text.ts';

/**
 * A buy's supplier and contact in the editor, offering the compound's register (供应商名录, verified first): the
 * same name as the register's lets 放心买 show the entry, and picking one fills an empty contact. A name the
 * register lacks is typed as before.
 */
export function SupplierFields(props: {
  name: string;
  contact: string;
  onName: (name: string) => void;
  onContact: (contact: string) => void;
  optional: (text: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const { community } = useCompound();
  const listId = useId();
  const register = useLoad(
    (signal) => suppliersApi.list(community.id, signal).then((r) => r.suppliers),
    [community.id],
  );
  const entries = register.status === 'ready' ? register.data : [];
  return (
    <div className="grid-2">
      <Field
        label={props.optional(t('buys.editor.supplierName'))}
        value={props.name}
        maxLength={100}
        list={entries.length > 0 ? listId : undefined}
        hint={entries.length > 0 ? t('trust.suppliers.pickHint') : undefined}
        onChange={(e) => {
          const name = e.target.value;
          props.onName(name);
          const entry = findSupplier(entries, name);
          if (entry?.contact && !props.contact.trim()) props.onContact(entry.contact);
        }}
      />
      {entries.length > 0 ? (
        <datalist id={listId}>
          {entries.map((s) => (
            <option key={s.id} value={s.name}>
              {s.verifiedAt ? t('trust.suppliers.verified') : t('trust.suppliers.unverified')}
            </option>
          ))}
        </datalist>
      ) : null}
      <Field
        label={props.optional(t('buys.editor.supplierContact'))}
        value={props.contact}
        maxLength={100}
        onChange={(e) => props.onContact(e.target.value)}
      />
    </div>
  );
}
