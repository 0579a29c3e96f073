// Customer groups for admins: every group with its size, a form to create one, and a group's
// members (user ids) to add or remove. A price list can be for some groups (ADR 0017).
import type { CustomerGroup } from '@emporium/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../app/api-context';
import { useTitle } from '../app/use-title';
import { Field } from '../components/Field';
import { serverFieldErrors } from '../components/form';
import { Empty, ErrorState, FormError, Loading } from '../components/states';

const GROUPS = ['admin', 'customer-groups'];

export function CustomerGroupsPage() {
  useTitle('Customer groups · Admin');
  const api = useApi();
  const groups = useQuery({ queryKey: GROUPS, queryFn: () => api.admin.customerGroups.list() });
  const [openId, setOpenId] = useState<string>();
  return (
    <>
      <h1>Customer groups</h1>
      {groups.isLoading ? <Loading /> : null}
      {groups.error ? <ErrorState error={groups.error} onRetry={() => groups.refetch()} /> : null}
      {groups.data && groups.data.length === 0 ? (
        <Empty title="No customer groups yet">
          <p>Create one below, then make a price list for it.</p>
        </Empty>
      ) : null}
      {groups.data && groups.data.length > 0 ? <GroupTable groups={groups.data} onOpen={setOpenId} /> : null}
      {openId ? <Members groupId={openId} /> : null}
      <NewGroupForm />
    </>
  );
}

function GroupTable({ groups, onOpen }: { groups: CustomerGroup[]; onOpen: (id: string) => void }) {
  return (
    <table className="data-table" aria-label="Customer groups">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Members</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={group.id}>
            <td>{group.name}</td>
            <td>{group.memberCount}</td>
            <td>
              <button
                type="button"
                className="button button-small"
                aria-label={`Members of ${group.name}`}
                onClick={() => onOpen(group.id)}
              >
                Members
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Members({ groupId }: { groupId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const group = useQuery({
    queryKey: [...GROUPS, groupId],
    queryFn: () => api.admin.customerGroups.get(groupId),
  });
  const [customerId, setCustomerId] = useState('');
  const [error, setError] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: GROUPS });
  const add = useMutation({
    mutationFn: () => api.admin.customerGroups.addMember(groupId, customerId.trim()),
    onSuccess: () => {
      setCustomerId('');
      return refresh();
    },
    onError: (failure) => setError(serverFieldErrors(failure)['params.customerId']),
  });
  const remove = useMutation({
    mutationFn: (member: string) => api.admin.customerGroups.removeMember(groupId, member),
    onSettled: refresh,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!customerId.trim()) return setError('Enter the customer’s user id.');
    setError(undefined);
    add.mutate();
  };
  if (group.isLoading) return <Loading />;
  if (group.error) return <ErrorState error={group.error} onRetry={() => group.refetch()} />;
  const members = group.data?.members ?? [];
  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members of {group.data?.name}</h2>
      {members.length === 0 ? <p>No members yet.</p> : null}
      <ul aria-label="Members">
        {members.map((member) => (
          <li key={member}>
            <code>{member}</code>{' '}
            <button
              type="button"
              className="button button-small"
              aria-label={`Remove ${member}`}
              disabled={remove.isPending}
              onClick={() => remove.mutate(member)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <FormError error={remove.error} />
      <form onSubmit={submit} noValidate aria-label="Add a member" className="form-grid">
        <Field
          label="Customer user id"
          name="customerId"
          value={customerId}
          error={error}
          onChange={(e) => setCustomerId(e.target.value)}
        />
        <div>
          <button type="submit" className="button button-primary" disabled={add.isPending}>
            Add member
          </button>
        </div>
      </form>
      <FormError error={add.error} />
    </section>
  );
}

function NewGroupForm() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  // One key per name typed: a retry after a lost answer creates the group once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: () => api.admin.customerGroups.create(name.trim(), key),
    onSuccess: () => {
      setName('');
      setKey(crypto.randomUUID());
      return queryClient.invalidateQueries({ queryKey: GROUPS });
    },
    onError: (failure) => setError(serverFieldErrors(failure).name),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError('Enter a name.');
    setError(undefined);
    create.mutate();
  };
  return (
    <section className="card" aria-labelledby="new-group-heading">
      <h2 id="new-group-heading">New customer group</h2>
      <form onSubmit={submit} noValidate aria-label="New customer group" className="form-grid">
        <Field
          label="Name"
          name="name"
          value={name}
          error={error}
          onChange={(e) => {
            setName(e.target.value);
            setKey(crypto.randomUUID());
          }}
        />
        <div>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create group
          </button>
        </div>
      </form>
      <FormError error={create.error} />
    </section>
  );
}
