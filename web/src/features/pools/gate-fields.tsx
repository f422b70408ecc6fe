import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field.tsx';
import { CONTACT_MAX, GATE_MAX } from './pool-text.ts';

/** A compound's 送货点 and its contact: what opening a pool and joining one both ask. */
export function GateFields({
  gate,
  contact,
  onGate,
  onContact,
  problem,
}: {
  gate: string;
  contact: string;
  onGate: (value: string) => void;
  onContact: (value: string) => void;
  /** The translated problem of a field, or null. */
  problem: (field: 'gate' | 'contact') => string | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={t('pools.form.gate')}
        value={gate}
        onChange={(e) => onGate(e.target.value)}
        maxLength={GATE_MAX}
        placeholder={t('pools.form.gatePlaceholder')}
        hint={t('pools.form.gateHint')}
        error={problem('gate')}
        enterKeyHint="next"
      />
      <Field
        label={t('pools.form.contact')}
        value={contact}
        onChange={(e) => onContact(e.target.value)}
        maxLength={CONTACT_MAX}
        placeholder={t('pools.form.contactPlaceholder')}
        hint={t('pools.form.contactHint')}
        error={problem('contact')}
        enterKeyHint="next"
      />
    </>
  );
}
