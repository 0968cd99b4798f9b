/**
 * Questions a student might ask that a library of (here: biomedical) pages cannot answer. Used to
 * measure how often the "nothing relevant" rule wrongly says it found something. Hand-written,
 * everyday and course-like, with no topic from the SciFact corpus on purpose.
 */
export const OFF_TOPIC_QUESTIONS = [
  'Who won the 2018 FIFA World Cup final?',
  'How do I bake sourdough bread at home?',
  'What is the capital city of Australia?',
  'When is the deadline for the problem set on recursion?',
  'Explain the causes of the French Revolution.',
  'How does a for loop work in Python?',
  'What were the main themes of American foreign policy during the Cold War?',
  'How do I change a flat tire on a bicycle?',
  'What is the plot of Romeo and Juliet?',
  'Which rocks are formed from cooling magma?',
  'How many credits is the unified engineering course?',
  'What is the derivative of sin(x) with respect to x?',
  'Describe the rules of chess castling.',
  'How do I write a cover letter for an internship?',
  'What is the exchange rate between the euro and the dollar?',
  'Who painted the Mona Lisa?',
  'What is the difference between a stack and a queue?',
  'How do you conjugate the Chinese verb to be?',
  "What is Newton's second law of motion?",
  'How are solar panels installed on a roof?',
];
