import { beforeEach, describe, expect, it } from 'vitest';
import { useNav } from './store';

const initial = useNav.getState();

describe('navigation store', () => {
  beforeEach(() => useNav.setState(initial, true));

  it('opens a mail in its folder', () => {
    useNav.getState().open({ app: 'mail', id: 'a:m1', parentId: 'a:inbox' });
    expect(useNav.getState()).toMatchObject({ app: 'mail', mail: { folderId: 'a:inbox', messageId: 'a:m1' } });
  });

  it('opens a chat message in its conversation, and a conversation by itself', () => {
    useNav.getState().open({ app: 'chat', id: 'a:x2', parentId: 'a:c1' });
    expect(useNav.getState().chat).toEqual({ conversationId: 'a:c1', messageId: 'a:x2' });
    useNav.getState().open({ app: 'chat', id: 'a:c2' });
    expect(useNav.getState().chat).toEqual({ conversationId: 'a:c2', messageId: null });
  });

  it('opens a post in its space', () => {
    useNav.getState().open({ app: 'teams', id: 'a:post1', parentId: 'a:s1' });
    expect(useNav.getState()).toMatchObject({ app: 'teams', teams: { spaceId: 'a:s1', postId: 'a:post1' } });
  });

  it('asks the Files and Calendar apps to locate what they cannot place alone', () => {
    useNav.getState().open({ app: 'files', id: 'a:f2', parentId: 'a:f1' });
    expect(useNav.getState()).toMatchObject({ app: 'files', files: { reveal: 'a:f2' } });
    useNav.getState().open({ app: 'calendar', id: 'a:e1' });
    expect(useNav.getState()).toMatchObject({ app: 'calendar', calendar: { eventId: 'a:e1', reveal: 'a:e1' } });
  });

  it('forgets the open message when another folder is chosen', () => {
    useNav.getState().open({ app: 'mail', id: 'a:m1', parentId: 'a:inbox' });
    useNav.getState().selectMailFolder('a:projects');
    expect(useNav.getState().mail).toEqual({ folderId: 'a:projects', messageId: null });
  });

  it('keeps weeks on Mondays', () => {
    useNav.getState().showWeek(new Date(2026, 10, 26, 15));
    expect(new Date(useNav.getState().calendar.weekStart)).toEqual(new Date(2026, 10, 23));
  });
});
