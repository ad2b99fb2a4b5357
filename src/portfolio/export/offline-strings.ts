import type { SkillLevel } from '../../model/entry-skill.js';
import type { MomentKind } from '../../model/portfolio-entry.js';
import type { MediumKind } from '../../model/stored-item.js';
import type { UiLanguage } from '../../i18n/languages.js';

/** The words of the offline page, in one language. `{name}`, `{date}`, `{school}`, `{n}` are filled in. */
export interface OfflineStrings {
  readonly title: string;
  readonly exported: string;
  readonly offlineNote: string;
  readonly empty: string;
  readonly skills: string;
  readonly photo: string;
  readonly open: string;
  readonly media: Readonly<Record<Exclude<MediumKind, 'photo'>, string>>;
  readonly levels: Readonly<Record<SkillLevel, string>>;
  readonly moments: Readonly<Record<MomentKind, string>>;
}

/**
 * Kept here rather than in the UI catalogs: the archive is a document the family keeps for years,
 * written once in their language; it must not change when the catalogs do. The words for levels,
 * moments and media are the catalogs' own (locales/<lang>/portfolio.json).
 */
export const OFFLINE_STRINGS: Readonly<Record<UiLanguage, OfflineStrings>> = {
  fr: {
    title: 'Carnet de {name}',
    exported: 'Exporté de e-carnet le {date} — {school}',
    offlineNote: 'Cette page fonctionne sans connexion. Gardez-la avec son dossier « media ».',
    empty: 'Rien n’a encore été publié.',
    skills: 'Compétences',
    photo: 'Photo {n}',
    open: 'Ouvrir',
    media: { video: 'Vidéo', audio: 'Enregistrement audio', document: 'Document PDF' },
    levels: { notYet: 'Pas encore', inProgress: 'En cours', achieved: 'Acquis', beyond: 'Dépassé' },
    moments: { project: 'Projet', outing: 'Sortie', ritual: 'Rituel', celebration: 'Fête', show: 'Spectacle', other: 'Moment de classe' },
  },
  en: {
    title: '{name}’s portfolio',
    exported: 'Exported from e-carnet on {date} — {school}',
    offlineNote: 'This page works offline. Keep it together with its “media” folder.',
    empty: 'Nothing has been published yet.',
    skills: 'Skills',
    photo: 'Photo {n}',
    open: 'Open',
    media: { video: 'Video', audio: 'Audio recording', document: 'PDF document' },
    levels: { notYet: 'Not yet', inProgress: 'In progress', achieved: 'Achieved', beyond: 'Beyond' },
    moments: { project: 'Project', outing: 'Outing', ritual: 'Ritual', celebration: 'Celebration', show: 'Show', other: 'Class moment' },
  },
  es: {
    title: 'Portafolio de {name}',
    exported: 'Exportado de e-carnet el {date} — {school}',
    offlineNote: 'Esta página funciona sin conexión. Guárdela junto con su carpeta «media».',
    empty: 'Todavía no se ha publicado nada.',
    skills: 'Competencias',
    photo: 'Foto {n}',
    open: 'Abrir',
    media: { video: 'Vídeo', audio: 'Grabación de audio', document: 'Documento PDF' },
    levels: { notYet: 'Todavía no', inProgress: 'En curso', achieved: 'Adquirido', beyond: 'Superado' },
    moments: { project: 'Proyecto', outing: 'Salida', ritual: 'Ritual', celebration: 'Fiesta', show: 'Espectáculo', other: 'Momento de clase' },
  },
  ar: {
    title: 'ملف {name}',
    exported: 'صُدِّر من e-carnet بتاريخ {date} — {school}',
    offlineNote: 'تعمل هذه الصفحة دون اتصال بالإنترنت. احتفظ بها مع مجلد «media» الخاص بها.',
    empty: 'لم يُنشر أي شيء بعد.',
    skills: 'المهارات',
    photo: 'صورة {n}',
    open: 'فتح',
    media: { video: 'فيديو', audio: 'تسجيل صوتي', document: 'مستند PDF' },
    levels: { notYet: 'ليس بعد', inProgress: 'قيد الاكتساب', achieved: 'مكتسب', beyond: 'متجاوَز' },
    moments: { project: 'مشروع', outing: 'خرجة', ritual: 'نشاط يومي', celebration: 'احتفال', show: 'عرض', other: 'لحظة من القسم' },
  },
};

/** Fills `{name}`-style slots; values are inserted as they are (the caller escapes the result). */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}
