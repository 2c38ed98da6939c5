;;; kibitz.el --- kibitz language server for Eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; Registers kibitz (shell explanations with cited man pages, risk diagnostics and quick fixes, AI code
;; actions as proposals, commit message drafts) with Eglot:
;;
;;   (add-to-list 'load-path "/path/to/kibitz/clients/emacs")
;;   (require 'kibitz)
;;   (add-hook 'sh-mode-hook #'eglot-ensure)          ; and dockerfile-mode-hook, makefile-mode-hook, ...
;;   (add-hook 'git-commit-setup-hook #'kibitz-eglot-git-commit)
;;
;; Settings are sent as initializationOptions from `kibitz-initialization-options', a user-level variable that
;; a directory-local file cannot set.  Eglot also answers workspace/configuration from
;; `eglot-workspace-configuration', which a repository's .dir-locals.el may set (Emacs treats it as safe):
;; kibitz takes team settings from there (risk policy, commit style, ...) but never the model endpoint and key,
;; the log file or the feedback database; those keep the values of your own configuration.

;;; Code:

(require 'cl-lib)
(require 'seq)

(defgroup kibitz nil
  "kibitz: shell explanations, risk checks and commit drafts over LSP."
  :group 'tools
  :prefix "kibitz-")

;; Eglot's variables are bound with `let' below: they must be special (dynamic) here too, also when this
;; file is byte-compiled without Eglot loaded, or the bindings would be lexical and Eglot would never see them.
(defvar eglot-server-programs)
(defvar eglot-workspace-configuration)

(defcustom kibitz-server-command '("kibitz" "--stdio")
  "Command that starts the kibitz language server on stdio."
  :type '(repeat string))
(put 'kibitz-server-command 'risky-local-variable t)

(defcustom kibitz-major-modes
  '(sh-mode bash-ts-mode dockerfile-mode dockerfile-ts-mode makefile-mode makefile-gmake-mode makefile-bsdmake-mode
    yaml-mode yaml-ts-mode markdown-mode gfm-mode json-mode js-json-mode json-ts-mode git-commit-mode)
  "Major modes whose buffers kibitz serves under Eglot."
  :type '(repeat symbol))

(defcustom kibitz-initialization-options nil
  "kibitz settings sent as LSP initializationOptions, a plist such as
\(:risk (:disabledRules [\"git-reset-hard\"]) :model (:baseURL \"http://127.0.0.1:11434/v1\" :chatModel \"llama3.1\")).
Every key of the server's settings schema is accepted (see the README)."
  :type 'sexp)
(put 'kibitz-initialization-options 'risky-local-variable t)

(defun kibitz-eglot-contact (&optional _interactive)
  "The Eglot contact for kibitz: the server command and its initializationOptions."
  (append kibitz-server-command
          (when kibitz-initialization-options
            (list :initializationOptions kibitz-initialization-options))))

(defun kibitz-eglot-register ()
  "Put kibitz in `eglot-server-programs' for `kibitz-major-modes'."
  (setq eglot-server-programs
        (cons (cons kibitz-major-modes #'kibitz-eglot-contact)
              (cl-remove #'kibitz-eglot-contact eglot-server-programs :key #'cdr))))

(declare-function eglot "eglot")
(declare-function eglot--guess-contact "eglot")
(defvar eglot--managed-mode)

(defun kibitz-eglot-git-commit ()
  "Attach kibitz to this commit message buffer; for `git-commit-setup-hook'.
A commit buffer's major mode is usually `text-mode' (git-commit is a
minor mode), so it is started here for that major mode rather than
looked up in `eglot-server-programs'."
  (require 'eglot)
  (unless (bound-and-true-p eglot--managed-mode)
    (let ((eglot-server-programs (cons (cons (list major-mode) #'kibitz-eglot-contact) eglot-server-programs)))
      (apply #'eglot (eglot--guess-contact)))))

;;; Ask the docs

(declare-function eglot-current-server "eglot")
(declare-function jsonrpc-request "jsonrpc")

(defun kibitz--visit (file line)
  "Open FILE at LINE (a citation of an answer)."
  (find-file file)
  (goto-char (point-min))
  (forward-line (1- line)))

(defun kibitz--answer-feedback (server proposal what &optional citation)
  "Tell SERVER what the user thought of answer PROPOSAL: WHAT is helpful, not-helpful or followed (CITATION)."
  (when (and server proposal)
    (ignore-errors
      (jsonrpc-request server :workspace/executeCommand
                       (list :command "kibitz.answerFeedback" :arguments (vector proposal what (or citation "")))))))

(defun kibitz--show-answer (result &optional server)
  "Show RESULT of kibitz.ask in the help buffer *kibitz answer*: each sentence, then its citation as a button.
With SERVER, opening a citation and the helpful / not helpful buttons are reported to it."
  (let ((answer (plist-get result :answer))
        (root (plist-get result :root))
        (proposal (plist-get result :proposal)))
    (with-help-window "*kibitz answer*"
      (with-current-buffer standard-output
        (insert (plist-get answer :question) "\n\n")
        (if (eq (plist-get answer :answered) :json-false)
            (insert "Not in these docs.\n")
          (seq-doseq (s (plist-get answer :sentences))
            (let* ((path (plist-get s :path))
                   (lines (plist-get s :lines))
                   (line (aref lines 0))
                   (file (expand-file-name path root))
                   (heading (plist-get s :heading)))
              (insert (plist-get s :text) "\n  ")
              (insert-text-button (or (plist-get s :citation) (if (= line (aref lines 1)) (format "%s:%d" path line) (format "%s:%d-%d" path line (aref lines 1))))
                                  'action (lambda (b)
                                            (kibitz--answer-feedback server proposal "followed" (button-label b))
                                            (kibitz--visit file line))
                                  'follow-link t
                                  'help-echo "Open the cited lines")
              (insert (let ((n (plist-get s :note)))
                        (cond ((and n (not (string-empty-p n))) (concat " " n))
                              (n "")
                              ((and heading (not (string-empty-p heading))) (format "  (%s)" heading))
                              (t "")))
                      "\n\n")))
          (when (and server proposal)
            (insert "Did this help?  ")
            (insert-text-button "Helpful" 'action (lambda (_) (kibitz--answer-feedback server proposal "helpful") (message "kibitz: thanks, recorded as helpful")) 'follow-link t)
            (insert "  ")
            (insert-text-button "Not helpful" 'action (lambda (_) (kibitz--answer-feedback server proposal "not-helpful") (message "kibitz: thanks, recorded as not helpful")) 'follow-link t)
            (insert "\n")))))))

(defun kibitz-ask (question)
  "Ask this repository's docs QUESTION; the answer opens in a help buffer.
Every sentence comes with its citation, a button that opens the cited lines."
  (interactive (list (read-string "Ask the docs: ")))
  (require 'eglot)
  (let ((server (eglot-current-server)))
    (unless server (user-error "kibitz: no language server in this buffer (M-x eglot first)"))
    (let ((result (jsonrpc-request server :workspace/executeCommand
                                   (list :command "kibitz.ask"
                                         :arguments (vector (list :question question :show :json-false))))))
      (if result
          (kibitz--show-answer result server)
        (message "kibitz: no answer (is this folder a workspace?)")))))

;;; Directory-local configuration may not choose where code, keys and logs go

;; --- generated by `npm run gen:clients` from the server settings schema: do not edit ---

(defconst kibitz--user-only-settings '((:model) (:logFile) (:feedback :postgresUrl) (:feedback :teamName) (:manpath))
  "Settings only the user may set, as key paths.
Generated from the server's settings schema.")

;; --- end of generated settings ---

(defun kibitz--plist-drop (plist key)
  "PLIST without KEY."
  (cl-loop for (k v) on plist by #'cddr unless (eq k key) append (list k v)))

(defun kibitz--without (plist path)
  "PLIST without the setting at PATH (a list of keywords).
Nested plists are copied."
  (cond ((null (cdr path)) (kibitz--plist-drop plist (car path)))
        ((plist-member plist (car path))
         (plist-put (copy-sequence plist) (car path) (kibitz--without (plist-get plist (car path)) (cdr path))))
        (t plist)))

(defun kibitz--has (plist path)
  "Whether PLIST has a setting at PATH."
  (and (listp plist) (plist-member plist (car path))
       (or (null (cdr path)) (kibitz--has (plist-get plist (car path)) (cdr path)))))

(defun kibitz--get (plist path)
  "The setting of PLIST at PATH."
  (if path (kibitz--get (plist-get plist (car path)) (cdr path)) plist))

(defun kibitz--with (plist path value)
  "PLIST with VALUE at PATH; nested plists are copied."
  (plist-put (copy-sequence plist) (car path)
             (if (cdr path) (kibitz--with (plist-get plist (car path)) (cdr path) value) value)))

(defun kibitz--keep-user-only (local user)
  "LOCAL kibitz settings with the user-only ones replaced by USER's.
Both are plists."
  (let ((out (if (keywordp (car-safe local)) local nil)))
    (dolist (path kibitz--user-only-settings out)
      (setq out (kibitz--without out path))
      (when (kibitz--has user path)
        (setq out (kibitz--with out path (kibitz--get user path)))))))

(defvar kibitz--warned-dirs nil)

(defun kibitz--trusted-workspace-configuration (orig server &rest args)
  "Around `eglot--workspace-configuration-plist': a directory-local value of
`eglot-workspace-configuration' cannot set kibitz's user-only settings."
  (let ((plist (apply orig server args)))
    (if (not (and (local-variable-p 'eglot-workspace-configuration) (plist-member plist :kibitz)))
        plist
      (let* ((local (plist-get plist :kibitz))
             (user (plist-get (let ((eglot-workspace-configuration (default-value 'eglot-workspace-configuration)))
                                (apply orig server args))
                              :kibitz))
             (kept (kibitz--keep-user-only local user)))
        (unless (or (equal kept local) (member default-directory kibitz--warned-dirs))
          (push default-directory kibitz--warned-dirs)
          (display-warning 'kibitz (format "%s: directory-local kibitz settings for the model, log file or feedback database are ignored; set them in your own configuration" default-directory)))
        (plist-put (copy-sequence plist) :kibitz kept)))))

(with-eval-after-load 'eglot
  (kibitz-eglot-register)
  (when (fboundp 'eglot--workspace-configuration-plist)
    (advice-add 'eglot--workspace-configuration-plist :around #'kibitz--trusted-workspace-configuration)))

(provide 'kibitz)
;;; kibitz.el ends here
