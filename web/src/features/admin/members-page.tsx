import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import type { Building, Member, Roles } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { SearchField } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { sortByName } from '../community/floors.ts';
import { isAdmin } from '../community/roles.ts';
import { StatusBadge } from '../community/status-badge.tsx';
import { RoleGate } from './admin-guard.tsx';

function RoleEditor({
  member,
  buildings,
  onSaved,
}: {
  member: Member;
  buildings: Building[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [roles, setRoles] = useState<Roles>(member.roles);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const toggleBuilding = (id: string) =>
    setRoles((r) => ({
      ...r,
      volunteerBuildingIds: r.volunteerBuildingIds.includes(id)
        ? r.volunteerBuildingIds.filter((b) => b !== id)
        : [...r.volunteerBuildingIds, id],
    }));

  async function save() {
    setBusy(true);
    setError(null);
    try {
      await api.put(`/api/members/${seg(member.id)}/roles`, roles);
      toast(t('common.saved'), 'success');
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="role-editor">
      <label className="switch-row">
        <input
          type="checkbox"
          checked={roles.admin}
          onChange={(e) => setRoles((r) => ({ ...r, admin: e.target.checked }))}
        />
        <span>
          <strong>{t('roles.admin')}</strong>
          <small className="muted secondary">{t('roles.adminHint')}</small>
        </span>
      </label>
      <label className="switch-row">
        <input
          type="checkbox"
          checked={roles.leader}
          onChange={(e) => setRoles((r) => ({ ...r, leader: e.target.checked }))}
        />
        <span>
          <strong>{t('roles.leader')}</strong>
          <small className="muted secondary">{t('roles.leaderHint')}</small>
        </span>
      </label>
      <p className="field-label">{t('roles.volunteerFor')}</p>
      <div className="chip-grid">
        {sortByName(buildings).map((b) => (
          <button
            key={b.id}
            type="button"
            className={roles.volunteerBuildingIds.includes(b.id) ? 'chip chip-on' : 'chip'}
            aria-pressed={roles.volunteerBuildingIds.includes(b.id)}
            onClick={() => toggleBuilding(b.id)}
          >
            {t('claim.buildingName', { name: b.name })}
          </button>
        ))}
      </div>
      <FormError error={error} />
      <Button block busy={busy} onClick={() => void save()}>
        {t('common.save')}
      </Button>
    </div>
  );
}

function MemberRow({
  member,
  buildings,
  onSaved,
}: {
  member: Member;
  buildings: Building[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const tags = [
    member.roles.admin ? t('roles.admin') : null,
    member.roles.leader ? t('roles.leader') : null,
    member.roles.volunteerBuildingIds.length > 0 ? t('roles.volunteer') : null,
  ].filter(Boolean);
  return (
    <li className="member">
      <button type="button" className="member-main" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className="member-text">
          <strong>{member.displayName}</strong>
          {member.phone ? <span className="muted">{member.phone}</span> : null}
          {tags.length > 0 ? <span className="role-tags">{tags.join(' · ')}</span> : null}
        </span>
        <span className="member-household">
          {member.household ? (
            <>
              <span className="household-label">{member.household.label}</span>
              <StatusBadge status={member.household.status} />
            </>
          ) : (
            <span className="muted">{t('picker.noHousehold')}</span>
          )}
        </span>
      </button>
      {open ? (
        <RoleEditor
          member={member}
          buildings={buildings}
          onSaved={() => {
            setOpen(false);
            onSaved();
          }}
        />
      ) : null}
    </li>
  );
}

/** /c/:id/admin/members: who is here, and who may lead buys, verify a building or administer. */
export default function MembersPage() {
  const { t } = useTranslation();
  const { community, me, reload } = useCompound();
  const [query, setQuery] = useState('');
  const data = useLoad(
    async (signal) => {
      const [members, buildings] = await Promise.all([
        api.get<{ members: Member[] }>(`/api/communities/${seg(community.id)}/members`, { signal }),
        api.get<{ buildings: Building[] }>(`/api/communities/${seg(community.id)}/buildings`, { signal }),
      ]);
      return { members: members.members, buildings: buildings.buildings };
    },
    [community.id],
  );
  const q = query.trim().toLowerCase();
  const members =
    data.status === 'ready'
      ? data.data.members.filter(
          (m) =>
            !q ||
            m.displayName.toLowerCase().includes(q) ||
            (m.phone ?? '').includes(q) ||
            (m.household?.label ?? '').includes(q),
        )
      : [];

  return (
    <RoleGate allowed={isAdmin(me)}>
      <Page title={t('members.title')} back={`/c/${community.id}`}>
        <SearchField label={t('members.search')} value={query} onChange={setQuery} />
        <p className="muted">{t('members.hint')}</p>
        {data.status === 'loading' ? (
          <Loading />
        ) : data.status === 'error' ? (
          <ErrorState error={data.error} onRetry={data.reload} />
        ) : members.length === 0 ? (
          <EmptyState icon="users" title={t('members.none')} />
        ) : (
          <Card>
            <ul className="list-plain member-list">
              {members.map((m) => (
                <MemberRow
                  key={m.id}
                  member={m}
                  buildings={data.data.buildings}
                  onSaved={() => {
                    data.reload();
                    reload();
                  }}
                />
              ))}
            </ul>
          </Card>
        )}
      </Page>
    </RoleGate>
  );
}
