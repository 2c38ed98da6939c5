;;; driver.el --- drive a batch Emacs with Eglot and clients/emacs/kibitz.el  -*- lexical-binding: t; -*-
;; Does what a user does (open files, eldoc hover, flymake diagnostics, M-x eglot-code-actions, completion at
;; point in a commit buffer) and writes what the user would see to $KIBITZ_TEST_OUT as JSON.
;; Run with: emacs --batch -Q -l driver.el

(require 'package)
(setq package-user-dir (make-temp-file "kibitz-elpa-" t))
(add-to-list (quote package-directory-list) "/usr/share/emacs/site-lisp/elpa")
(package-initialize)                    ; the Debian elpa-* packages (eglot, dockerfile-mode, git-commit)
(require 'cl-lib)
(require 'json)
;; kibitz.el byte-compiled before Eglot is loaded, as a package install does it (in a copy: nothing is written
;; to clients/emacs); compiled and interpreted code differ in how `let' binds Eglot's variables
(let ((dir (make-temp-file "kibitz-client-" t)))
  (copy-file (expand-file-name "kibitz.el" (getenv "KIBITZ_CLIENT_DIR")) (expand-file-name "kibitz.el" dir))
  (unless (byte-compile-file (expand-file-name "kibitz.el" dir))
    (error "clients/emacs/kibitz.el does not byte-compile"))
  (add-to-list 'load-path dir))
(require 'kibitz)
(unless (string-suffix-p ".elc" (symbol-file 'kibitz-eglot-contact))
  (error "kibitz was not loaded byte-compiled"))
(require 'eglot)
(require 'flymake)
(require 'dockerfile-mode nil t)
(require 'git-commit nil t)

(setq kibitz-server-command (append (json-read-from-string (getenv "KIBITZ_SERVER_CMD")) nil))
(setq eglot-sync-connect 20 eglot-connect-timeout 30)
(add-hook 'sh-mode-hook #'eglot-ensure)
(add-hook 'dockerfile-mode-hook #'eglot-ensure)
(add-hook 'git-commit-setup-hook #'kibitz-eglot-git-commit)

(defvar kibitz-test-repo (getenv "KIBITZ_TEST_REPO"))
(defvar kibitz-test-steps nil)
(defvar kibitz-test-errors nil)

(defun kibitz-test-wait (seconds pred)
  "Let timers and the server run until PRED holds or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)) ok)
    (while (and (not (setq ok (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      ;; eglot-ensure connects from post-command-hook: run it as the command loop would
      (run-hooks 'post-command-hook))
    ok))

(defun kibitz-test-open (file)
  (find-file (expand-file-name file kibitz-test-repo))
  (run-hooks 'post-command-hook)
  (list :mode (symbol-name major-mode)
        :attached (if (kibitz-test-wait 20 (lambda () (and (bound-and-true-p eglot--managed-mode) (eglot-current-server)))) t :json-false)))

(defun kibitz-test-goto (needle &optional delta)
  (goto-char (point-min))
  (search-forward needle)
  (goto-char (+ (match-beginning 0) (or delta 0))))

(defun kibitz-test-hover ()
  "What eldoc shows for the symbol at point: Eglot's hover function, rendered by Eglot."
  (let (text)
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq text (or info ""))))
    (kibitz-test-wait 15 (lambda () text))
    (and text (substring-no-properties text))))

(defun kibitz-test-diagnostics ()
  (kibitz-test-wait 15 (lambda () (flymake-start) (flymake-diagnostics)))
  (mapcar (lambda (d)
            (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
              (list :message (flymake-diagnostic-text d)
                    :code (plist-get lsp :code)
                    :line (1- (line-number-at-pos (flymake-diagnostic-beg d)))
                    :type (symbol-name (flymake-diagnostic-type d)))))
          (flymake-diagnostics)))

(defun kibitz-test-code-action (wanted)
  "M-x eglot-code-actions at point, answering the prompt with the first title containing WANTED."
  (let ((before (buffer-string)) titles picked
        (last-nonmenu-event 13))      ; a keyboard event: Eglot asks with completing-read, not a popup menu
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt items &rest _)
                 (setq titles (mapcar #'car items))
                 (setq picked (cl-find-if (lambda (title) (string-match-p (regexp-quote wanted) title)) titles)))))
      (eglot-code-actions (point) (point) nil t))
    (kibitz-test-wait 15 (lambda () (not (equal before (buffer-string)))))
    (list :titles (vconcat titles) :picked picked :before before :after (buffer-string))))

(defun kibitz-test-completion ()
  "The candidates `completion-at-point' would offer at the start of the buffer."
  (goto-char (point-min))
  (let* ((capf (eglot-completion-at-point))
         (items (and capf (all-completions "" (nth 2 capf)))))
    (vconcat (mapcar (lambda (label)
                       (let ((item (get-text-property 0 'eglot--lsp-item label)))
                         (list :label (substring-no-properties label)
                               :detail (plist-get item :detail)
                               :text (or (plist-get (plist-get item :textEdit) :newText) (plist-get item :insertText)))))
                     items))))

(defmacro kibitz-test-step (name &rest body)
  `(condition-case err
       (push (cons ,name (progn ,@body)) kibitz-test-steps)
     (error (push (format "%s: %S" ,name err) kibitz-test-errors))))

(defun kibitz-test-shell-file (file hover-at hover-delta fix-at fix-delta fix-title)
  "Open FILE: hover a flag, read the diagnostics, apply the quick fix picked by its title."
  (let ((r (kibitz-test-open file)))
    (kibitz-test-goto hover-at hover-delta)
    (setq r (plist-put r :hover (kibitz-test-hover)))
    (setq r (plist-put r :diagnostics (vconcat (kibitz-test-diagnostics))))
    (kibitz-test-goto fix-at fix-delta)
    (plist-put r :action (kibitz-test-code-action fix-title))))

(kibitz-test-step 'script (kibitz-test-shell-file "deploy.sh" "-xzf" 1 "--force" 0 "--force-with-lease"))
(kibitz-test-step 'dockerfile (kibitz-test-shell-file "Dockerfile" "-xzf" 2 "| sh" 2 "verify its checksum"))

(kibitz-test-step
 'commit
 (let ((r (kibitz-test-open ".git/COMMIT_EDITMSG")))
   (plist-put r :completion (kibitz-test-completion))))

;; M-x kibitz-ask: the answer in a help buffer; pushing the citation button opens the cited line
(kibitz-test-step
 'ask
 (progn
   (kibitz-test-open "deploy.sh")
   (kibitz-ask "how do I rollback a deploy?")
   (let ((r (list :text (with-current-buffer "*kibitz answer*" (buffer-substring-no-properties (point-min) (point-max)))
                  :mode (symbol-name (buffer-local-value 'major-mode (get-buffer "*kibitz answer*"))))))
     ;; the user moves to the answer's window and presses RET on the citation
     (let ((w (get-buffer-window "*kibitz answer*")))
       (if w (select-window w) (set-buffer "*kibitz answer*")))
     ;; "Helpful" first (the last button), then the citation (the first)
     (goto-char (point-max))
     (let ((helpful (button-at (save-excursion (let ((case-fold-search nil)) (search-backward "Helpful")) (point)))))
       (push-button (button-start helpful)))
     (goto-char (point-min))
     (let ((b (next-button (point))))
       (setq r (plist-put r :button (button-label b)))
       (push-button (button-start b)))
     (plist-put r :jumped (list :file (buffer-file-name) :line (line-number-at-pos)
                                :text (buffer-substring-no-properties (line-beginning-position) (line-end-position)))))))

(with-temp-file (getenv "KIBITZ_TEST_OUT")
  (insert (json-encode (list :steps kibitz-test-steps :errors (vconcat kibitz-test-errors)))))
(ignore-errors (eglot-shutdown-all))
(kill-emacs 0)
